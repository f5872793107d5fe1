/** Converting a set of corpus files in-process or through `nianbao run`, and grading them. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { OcrEngine } from '../../src/ocr/engine.js';
import { convertFile } from '../../src/pipeline/convert.js';
import { writeRecord } from '../../src/record/write.js';
import { corpusDir, deletePrefix, parseGraderSummary, readRecords, spawnCli, uniquePrefix } from '../support/env.js';

export type Summary = ReturnType<typeof parseGraderSummary>;

export function grade(recordsDir: string): Summary {
  const grader = path.resolve(corpusDir, '../tools/grade.mjs');
  const out = execFileSync(process.execPath, [grader, '--corpus', corpusDir, '--records', recordsDir], { encoding: 'utf8' });
  // The per-document lines that lost something say where; the summary line is the figure.
  console.log(
    out
      .trim()
      .split('\n')
      .filter((l) => !/facts (\d+)\/\1 extra 0 silent 0 meta (\d+)\/\2$/.test(l))
      .join('\n'),
  );
  return parseGraderSummary(out);
}

export function expectAtLeast(s: Summary, min: { facts: number; precision: number; meta?: number; silent?: number }): void {
  expect(s.facts, s.line).toBeGreaterThanOrEqual(min.facts);
  expect(s.precision, s.line).toBeGreaterThanOrEqual(min.precision);
  if (min.meta !== undefined) expect(s.meta, s.line).toBeGreaterThanOrEqual(min.meta);
  if (min.silent !== undefined) expect(s.silent, s.line).toBeLessThanOrEqual(min.silent);
}

/** `nianbao convert`'s path: every file in this process, one OCR engine for all. */
export async function convertAll(files: string[], out: string): Promise<void> {
  const cfg = loadConfig({});
  let engine: Promise<OcrEngine> | undefined;
  const ocrEngine = () => (engine ??= OcrEngine.create({ workers: cfg.ocr.workers }));
  try {
    for (const f of files) await writeRecord(out, await convertFile(f, { limits: cfg.limits, ocrEngine }));
  } finally {
    if (engine) await (await engine).close();
  }
  expect(readRecords(out)).toHaveLength(files.length);
}

/** `nianbao run --exit-when-idle` over a folder holding the files. */
export async function runAll(files: string[], root: string, redisUrl: string): Promise<string> {
  const prefix = uniquePrefix('acc');
  const dirs = { upload: path.join(root, 'up'), data: path.join(root, 'data'), output: path.join(root, 'queued') };
  fs.mkdirSync(dirs.upload, { recursive: true });
  for (const f of files) fs.copyFileSync(f, path.join(dirs.upload, path.basename(f)));
  try {
    const proc = spawnCli(['run', '--exit-when-idle'], {
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      UPLOAD_DIR: dirs.upload,
      DATA_DIR: dirs.data,
      OUTPUT_DIR: dirs.output,
      WATCH_STABLE_MS: '300',
      LOG_LEVEL: 'warn',
    });
    expect(await proc.exited, proc.stderr()).toBe(0);
  } finally {
    await deletePrefix(redisUrl, prefix);
  }
  expect(readRecords(dirs.output)).toHaveLength(files.length);
  return dirs.output;
}
