/**
 * The upload-bucket watcher against a real S3-compatible server and a real Redis: objects are
 * taken once stable, queued once per content, never changed, and not read again after a restart.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { S3ArtifactStore } from '../../src/store/s3-store.js';
import { bucketSeenKey, watchBucket, type BucketWatchOptions } from '../../workers/bucket-watcher.js';
import { createContext, type WorkerContext } from '../../workers/context.js';
import type { UploadWatcher } from '../../workers/watcher.js';
import { deletePrefix, tempDir, uniquePrefix, waitFor } from '../support/env.js';
import { TestS3Server } from '../support/s3-server.js';

const redisUrl = inject('redisUrl');
const prefix = uniquePrefix('bucket');
const root = tempDir('bucket');
let server: TestS3Server;
let client: S3Client;
let ctx: WorkerContext;
const watchers: UploadWatcher[] = [];

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  server = await TestS3Server.start();
  client = server.client();
  const config = loadConfig({
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    DATA_DIR: path.join(root, 'data'),
    OUTPUT_DIR: path.join(root, 'output'),
    LOG_LEVEL: 'silent',
    ...server.env(),
  });
  // No stage workers: queued jobs stay where the test can count them.
  ctx = await createContext(config);
  ctx.store = new S3ArtifactStore(client, server.bucket, { prefix: 'artifacts/' });
});

afterAll(async () => {
  for (const w of watchers) await w.close();
  await ctx.close();
  client.destroy();
  await server.dispose();
  await deletePrefix(redisUrl, prefix);
  fs.rmSync(root, { recursive: true, force: true });
});

function watch(opts: Partial<BucketWatchOptions> = {}): UploadWatcher {
  const w = watchBucket(ctx, { client, bucket: server.bucket, prefix: 'up/', intervalMs: 300, pageSize: 2, ...opts });
  watchers.push(w);
  return w;
}

async function put(key: string, body: string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: key, Body: body }));
}

async function ingestJobs() {
  return ctx.queues.ingest.getJobs(['wait', 'prioritized', 'delayed', 'active']);
}

describe('watchBucket', () => {
  it('takes each stable upload once per content, across listing pages, and leaves the originals alone', async () => {
    const bodies: Record<string, string> = {
      'up/a.html': 'A',
      'up/b.pdf': 'B',
      'up/c/c.pdf': 'C',
      'up/copy-of-a.html': 'A',
      'up/e.pdf': 'E',
    };
    for (const [k, v] of Object.entries(bodies)) await put(k, v);
    await put('up/.hidden', 'H');
    await put('elsewhere/x.pdf', 'X');
    const before = await client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: 'up/b.pdf' }));

    const w = watch();
    await w.ready;
    // seen once: not taken yet, but counted as pending so that `idle()` waits for it
    expect(w.pending()).toBe(5);
    expect(await ingestJobs()).toHaveLength(0);

    const jobs = await waitFor('four ingest jobs', async () => {
      const j = await ingestJobs();
      return j.length >= 4 && w.pending() === 0 && j;
    });
    expect(jobs.map((j) => j.id).sort()).toEqual(['A', 'B', 'C', 'E'].map((b) => sha(b)).sort());
    const b = jobs.find((j) => j.id === sha('B'))!;
    expect(b.data).toMatchObject({ docId: sha('B'), name: 'b.pdf', bytes: 1 });
    expect((await ctx.store.get(b.data.sourceKey)).toString()).toBe('B');
    expect(jobs.find((j) => j.id === sha('C'))!.data.name).toBe('c/c.pdf');

    const redis = new Redis(redisUrl);
    expect(await redis.scard(bucketSeenKey(prefix))).toBe(5);
    redis.disconnect();
    const after = await client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: 'up/b.pdf' }));
    expect(after.ETag).toBe(before.ETag);
    expect(after.LastModified).toEqual(before.LastModified);
    await w.close();
  });

  it('waits until an object stops changing', async () => {
    const w = watch({ intervalMs: 1000 });
    await w.ready;
    // rewritten far more often than the watcher lists: never the same twice in a row
    for (let i = 0; i < 25; i++) {
      await put('up/growing.pdf', `version ${i}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitFor('the final version', async () => (await ingestJobs()).some((j) => j.id === sha('version 24')), 10_000);
    const versions = (await ingestJobs()).filter((j) => j.data.name === 'growing.pdf');
    expect(versions.map((j) => j.id)).toEqual([sha('version 24')]);
    await w.close();
  });

  it('does not read taken objects again after a restart, but takes new ones', async () => {
    // Without the jobs, only the seen set can stop the old objects from being queued again.
    await ctx.queues.ingest.obliterate({ force: true });
    const w = watch();
    await w.ready;
    expect(w.pending()).toBe(0);
    await put('up/new.pdf', 'N');
    await waitFor('the new upload', async () => (await ingestJobs()).length > 0, 10_000);
    await new Promise((r) => setTimeout(r, 900));
    expect((await ingestJobs()).map((j) => j.id)).toEqual([sha('N')]);
  });
});
