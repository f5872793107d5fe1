/**
 * The upload-folder watcher against a real folder and a real Redis: a file is queued once it
 * has settled, with all of its bytes, whether it was there before the watcher started, is
 * written slowly, or carries a time stamp in the future.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createContext, type WorkerContext } from '../../workers/context.js';
import { watchUploads, type UploadWatcher } from '../../workers/watcher.js';
import { deletePrefix, tempDir, uniquePrefix, waitFor } from '../support/env.js';

const redisUrl = inject('redisUrl');
const prefix = uniquePrefix('folder');
const root = tempDir('folder');
const upload = path.join(root, 'uploads');
const STABLE_MS = 400;
let ctx: WorkerContext;
let watcher: UploadWatcher;

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function queued(): Promise<Map<string, { docId: string; bytes: number }>> {
  const jobs = await ctx.queues.ingest.getJobs(['wait', 'prioritized', 'delayed', 'active']);
  return new Map(jobs.map((j) => [j.data.name as string, { docId: j.data.docId as string, bytes: j.data.bytes as number }]));
}

beforeAll(async () => {
  fs.mkdirSync(upload, { recursive: true });
  const old = path.join(upload, 'old.html');
  fs.writeFileSync(old, 'already there');
  const hourAgo = new Date(Date.now() - 3600_000);
  fs.utimesSync(old, hourAgo, hourAgo);
  const config = loadConfig({
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    UPLOAD_DIR: upload,
    DATA_DIR: path.join(root, 'data'),
    OUTPUT_DIR: path.join(root, 'output'),
    WATCH_STABLE_MS: String(STABLE_MS),
    LOG_LEVEL: 'silent',
  });
  // No stage workers: queued jobs stay where the test can count them.
  ctx = await createContext(config);
  watcher = watchUploads(ctx);
  await watcher.ready;
});

afterAll(async () => {
  await watcher?.close();
  await ctx?.close();
  await deletePrefix(redisUrl, prefix);
  fs.rmSync(root, { recursive: true, force: true });
});

describe('watchUploads', () => {
  it('queues a file that was there before it started', async () => {
    const jobs = await waitFor('old.html queued', async () => (await queued()).get('old.html'));
    expect(jobs.docId).toBe(sha('already there'));
  });

  it('waits for a file written in pieces and queues it once, whole', async () => {
    const file = path.join(upload, 'slow.pdf');
    const piece = 'x'.repeat(1000);
    fs.writeFileSync(file, piece);
    // Pieces at a quarter of the settle time: the file never looks settled until the end.
    for (let i = 1; i < 8; i++) {
      await new Promise((r) => setTimeout(r, STABLE_MS / 4));
      expect(watcher.pending()).toBeGreaterThan(0);
      expect((await queued()).has('slow.pdf')).toBe(false);
      fs.appendFileSync(file, piece);
    }
    const job = await waitFor('slow.pdf queued', async () => (await queued()).get('slow.pdf'));
    expect(job).toEqual({ docId: sha(piece.repeat(8)), bytes: 8000 });
    await waitFor('nothing pending', () => watcher.pending() === 0);
    const names = [...(await queued()).keys()].filter((n) => n === 'slow.pdf');
    expect(names).toHaveLength(1);
  });

  it('has noticed a file dropped in within its quiet window (what `run --exit-when-idle` waits for)', async () => {
    const file = path.join(upload, 'dropped.html');
    fs.writeFileSync(file, 'dropped in late');
    const hourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(file, hourAgo, hourAgo);
    await new Promise((r) => setTimeout(r, watcher.quietMs));
    expect(watcher.pending() > 0 || (await queued()).has('dropped.html')).toBe(true);
  });

  it('takes a file stamped in the future once it stops changing', async () => {
    const file = path.join(upload, 'future.html');
    fs.writeFileSync(file, 'from a fast clock');
    const later = new Date(Date.now() + 3600_000);
    fs.utimesSync(file, later, later);
    const job = await waitFor('future.html queued', async () => (await queued()).get('future.html'));
    expect(job.docId).toBe(sha('from a fast clock'));
  });
});
