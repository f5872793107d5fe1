/**
 * Queue overhead: the same text PDFs through `nianbao run --exit-when-idle` (every stage in
 * one process, jobs through a private Redis) against in-process `nianbao convert`. Both are
 * timed from process start to exit, nothing subtracted: `run` includes connecting to Redis,
 * waiting for each upload to settle (WATCH_STABLE_MS, default 1 s) and making sure the queues
 * stay idle before it exits (about 2 × WATCH_STABLE_MS + 2 s).
 */
import fs from 'node:fs';
import path from 'node:path';
import { deletePrefix, uniquePrefix } from '../../test/support/env.js';
import { addPeak, nianbao, sectionDir, type BenchContext } from '../context.js';
import { progress } from '../proc.js';
import { fmt, row, type SectionResult } from '../report.js';
import { ratios, summarize } from '../stats.js';

export async function queueSection(ctx: BenchContext): Promise<SectionResult> {
  const docs = ctx.quick ? ctx.docs.slice(0, 3) : ctx.docs;
  const files = docs.map((d) => d.textPdf);
  const pages = docs.reduce((s, d) => s + d.pages, 0);
  const redisUrl = await ctx.redisUrl();
  const dir = sectionDir(ctx, 'queue');
  const raw = {
    pages,
    convert: [] as number[],
    convertCpu: [] as number[],
    run: [] as number[],
    runCpu: [] as number[],
    runLastRecord: [] as number[],
    runRssMb: [] as number[],
  };

  for (let rep = 1; rep <= ctx.reps; rep++) {
    progress(`queue ${rep}/${ctx.reps}: convert and run --exit-when-idle on ${files.length} text PDFs`);
    fs.rmSync(dir, { recursive: true, force: true });
    const upload = path.join(dir, 'uploads');
    const output = path.join(dir, 'output');
    fs.mkdirSync(upload, { recursive: true });
    for (const f of files) fs.copyFileSync(f, path.join(upload, path.basename(f)));

    const convert = await nianbao(['convert', '--out', path.join(dir, 'convert'), ...files]);
    if (convert.code !== 0) throw new Error(`convert failed: ${convert.stderr.slice(-1500)}`);
    raw.convert.push(convert.wallS);
    raw.convertCpu.push(convert.cpuS);

    const prefix = uniquePrefix('bench-queue');
    const startedAt = Date.now();
    const run = await nianbao(['run', '--exit-when-idle'], {
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      UPLOAD_DIR: upload,
      DATA_DIR: path.join(dir, 'data'),
      OUTPUT_DIR: output,
    });
    await deletePrefix(redisUrl, prefix).catch(() => undefined);
    if (run.code !== 0) throw new Error(`run failed: ${run.stderr.slice(-1500)}`);
    const recs = fs.readdirSync(output).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
    if (recs.length !== files.length) throw new Error(`run wrote ${recs.length} records for ${files.length} files`);
    const last = Math.max(...recs.map((f) => fs.statSync(path.join(output, f)).mtimeMs));
    raw.run.push(run.wallS);
    raw.runCpu.push(run.cpuS);
    raw.runLastRecord.push((last - startedAt) / 1000);
    raw.runRssMb.push(run.maxRssKb / 1024);
    addPeak(ctx, 'run (all stages, one process)', run.maxRssKb);
  }

  const ratio = ratios(raw.run, raw.convert);
  const median = summarize(ratio)?.median;
  return {
    name: 'queue',
    title: 'queue',
    rows: [
      row(`nianbao convert, ${files.length} text PDFs (${pages} pages)`, 's', raw.convert),
      row('nianbao run --exit-when-idle, same files', 's', raw.run),
      row('time ratio run ÷ convert', '×', ratio),
      row('time ratio run (to its last record) ÷ convert', '×', ratios(raw.runLastRecord, raw.convert)),
      row('CPU ratio run ÷ convert', '×', ratios(raw.runCpu, raw.convertCpu)),
    ],
    targets: [
      {
        name: 'queue overhead',
        goal: '≤ 1.1×',
        measured: `${fmt(median)}×`,
        met: median === undefined ? undefined : median <= 1.1,
      },
    ],
    notes: [
      'both timed from process start; "to its last record" stops the clock at the last record file written, before the idle check and shutdown.',
      'convert reads one file after another; run works on several documents at once (EXTRACT_CONCURRENCY and the other stage concurrencies), so with 2 cores it can finish first: the CPU ratio is the overhead itself.',
    ],
    raw,
  };
}
