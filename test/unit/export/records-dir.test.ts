import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportRecordsDir } from '../../../src/export/export.js';
import { listRecordFiles, readRecordsDir } from '../../../src/export/records-dir.js';
import { writeRecord } from '../../../src/record/write.js';
import { tempDir } from '../../support/env.js';
import { capture, fact, sampleRecords, samplesDir, syntheticRecord } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('readRecordsDir', () => {
  it('reads records written by writeRecord in file-name order and skips everything else', async () => {
    const dir = tempDir('export-dir');
    dirs.push(dir);
    const records = ['c', 'a', 'b'].map((id) => syntheticRecord(id, [fact('review.total', 1)]));
    for (const r of records) await writeRecord(dir, r);
    fs.writeFileSync(path.join(dir, '.0b7c6f1e.tmp'), '{"half": ');
    fs.writeFileSync(path.join(dir, '.hidden.json'), JSON.stringify(records[0]));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"schema": "nianbao.record/v1", ');
    fs.writeFileSync(path.join(dir, 'other.json'), '{"schema": "something/else", "id": "x", "facts": []}');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a record');
    fs.mkdirSync(path.join(dir, 'sub.json'));

    const skipped: string[] = [];
    const read = await collect(readRecordsDir(dir, { onSkip: (f, why) => skipped.push(`${path.basename(f)}: ${why}`) }));
    expect(read.map((r) => r.id)).toEqual([...records.map((r) => r.id)].sort());
    expect(read[0]).toEqual(records[1]);
    expect(skipped.sort()).toEqual(['broken.json: not JSON', 'other.json: not a nianbao.record/v1']);
    expect((await listRecordFiles(dir)).map((f) => path.basename(f))).toHaveLength(5);
  });

  it('reads the sample records as they are on disk', async () => {
    expect(await collect(readRecordsDir(samplesDir))).toEqual(sampleRecords());
  });
});

describe('exportRecordsDir', () => {
  it('exports every record of a folder and reports each one', async () => {
    const seen: string[] = [];
    let count = 0;
    const bytes = await capture(async (out) => {
      count = await exportRecordsDir(samplesDir, out, { format: 'ndjson', onRecord: (r) => seen.push(r.id) });
    });
    expect(count).toBe(sampleRecords().length);
    expect(seen).toEqual(sampleRecords().map((r) => r.id));
    expect(bytes.toString('utf8').trim().split('\n')).toHaveLength(count);
  });

  it('writes one row per report for a wide CSV and one per fact for a long one', async () => {
    const wide = await capture((out) => exportRecordsDir(samplesDir, out, { format: 'csv', wide: true }));
    const long = await capture((out) => exportRecordsDir(samplesDir, out, { format: 'csv' }));
    expect(wide.toString('utf8').trim().split('\n')).toHaveLength(sampleRecords().length + 1);
    const facts = sampleRecords().reduce((n, r) => n + r.facts.length, 0);
    expect(long.toString('utf8').trim().split('\n')).toHaveLength(facts + 1);
    expect(long.toString('utf8')).toContain('proactive.total,cumulative');
  });

  it('refuses --wide with NDJSON', async () => {
    await expect(capture((out) => exportRecordsDir(samplesDir, out, { format: 'ndjson', wide: true }))).rejects.toThrow(
      /CSV only/,
    );
  });
});
