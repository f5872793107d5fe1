/**
 * `nianbao run` as a user runs it: a real process, a real Redis, a watched folder. Files are
 * dropped in, records come out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  corpusFiles,
  deletePrefix,
  hasCorpus,
  readRecords,
  spawnCli,
  tempDir,
  uniquePrefix,
  waitFor,
  type Spawned,
} from '../support/env.js';

const redisUrl = inject('redisUrl');
const prefix = uniquePrefix('run');
const root = tempDir('run');
const dirs = { upload: path.join(root, 'uploads'), data: path.join(root, 'data'), output: path.join(root, 'output') };
let proc: Spawned;

const [html] = corpusFiles(['html']);
const [pdf] = corpusFiles(['text.pdf']);

beforeAll(async () => {
  fs.mkdirSync(dirs.upload, { recursive: true });
  proc = spawnCli(['run'], {
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    UPLOAD_DIR: dirs.upload,
    DATA_DIR: dirs.data,
    OUTPUT_DIR: dirs.output,
    WATCH_STABLE_MS: '300',
    BACKOFF_MS: '100',
  });
  await waitFor('pipeline start', () => proc.stderr().includes('pipeline started'), 30_000);
});

afterAll(async () => {
  proc.child.kill('SIGTERM');
  await proc.exited;
  await deletePrefix(redisUrl, prefix);
  fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!hasCorpus)('nianbao run', () => {
  it('turns dropped files into records, once per distinct file, and fails what it cannot read', async () => {
    fs.copyFileSync(html!, path.join(dirs.upload, path.basename(html!)));
    fs.copyFileSync(pdf!, path.join(dirs.upload, path.basename(pdf!)));
    // the same bytes again under another name
    fs.copyFileSync(pdf!, path.join(dirs.upload, 'copy-of-report.pdf'));
    // not a report format at all
    fs.writeFileSync(path.join(dirs.upload, 'archive.pdf'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]));

    const records = await waitFor('three records', () => {
      const r = readRecords(dirs.output);
      return r.length >= 3 && r;
    });
    // give a duplicate run the chance to show up before counting
    await new Promise((r) => setTimeout(r, 1500));
    const final = readRecords(dirs.output);
    expect(final).toHaveLength(3);
    expect(new Set(final.map((r) => r.id)).size).toBe(3);

    const failed = final.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error.code).toBe('UNSUPPORTED_TYPE');
    expect(failed[0]!.source.name).toBe('archive.pdf');

    const converted = records.filter((r) => r.status !== 'failed');
    expect(converted.map((r) => r.source.mediaType).sort()).toEqual(['application/pdf', 'text/html']);
    for (const r of converted) {
      expect(r.facts.length).toBeGreaterThan(0);
      expect(r.report.format).not.toBe('none');
      expect(r.checks.length).toBeGreaterThan(0);
    }
    // the originals are left as they were
    expect(fs.readdirSync(dirs.upload).sort()).toEqual(
      ['archive.pdf', 'copy-of-report.pdf', path.basename(html!), path.basename(pdf!)].sort(),
    );
  });

  it('does not convert a file again when it is dropped once more later', async () => {
    const before = readRecords(dirs.output).length;
    const again = path.join(dirs.upload, 'later-copy.html');
    fs.copyFileSync(html!, again);
    await waitFor('the upload to be queued', () => (proc.stderr().match(/upload queued/g) ?? []).length >= 5, 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(readRecords(dirs.output)).toHaveLength(before);
  });
});
