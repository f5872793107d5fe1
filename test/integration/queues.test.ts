/**
 * Queue semantics on a real Redis: retries with backoff for transient failures, none for
 * permanent ones, a failed record either way, and deterministic job ids.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { jobIdFor } from '../../workers/jobs.js';
import { startPipeline, type Running } from '../../workers/run.js';
import { deletePrefix, readRecords, tempDir, uniquePrefix, waitFor } from '../support/env.js';

const redisUrl = inject('redisUrl');
const prefix = uniquePrefix('queues');
const root = tempDir('queues');
let running: Running;

beforeAll(async () => {
  const config = loadConfig({
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    DATA_DIR: path.join(root, 'data'),
    OUTPUT_DIR: path.join(root, 'output'),
    JOB_ATTEMPTS: '3',
    BACKOFF_MS: '50',
    LOG_LEVEL: 'silent',
  });
  running = await startPipeline(config, { watch: false });
});

afterAll(async () => {
  await running.stop();
  await deletePrefix(redisUrl, prefix);
  fs.rmSync(root, { recursive: true, force: true });
});

const receivedAt = '2026-01-01T00:00:00.000Z';

async function failedJob(jobId: string) {
  return waitFor(`job ${jobId} to be failed`, async () => {
    const job = await running.ctx.queues.ingest.getJob(jobId);
    return job && (await job.getState()) === 'failed' ? job : undefined;
  });
}

describe('stage queues', () => {
  it('does not retry a permanent failure and writes a failed record', async () => {
    const stored = await running.ctx.store.putSource(Readable.from([Buffer.from('GIF89a not a report')]));
    const job = { docId: stored.sha256, sourceKey: stored.key, name: 'x.gif', bytes: stored.bytes, receivedAt };
    await running.ctx.queues.ingest.add('ingest', job, { jobId: jobIdFor(stored.sha256) });
    const record = await waitFor('failed record', () =>
      readRecords(path.join(root, 'output')).find((r) => r.id === `sha256:${stored.sha256}`),
    );
    expect(record.status).toBe('failed');
    expect(record.error.code).toBe('UNSUPPORTED_TYPE');
    // The record is written before BullMQ moves the job to failed: wait for that move.
    const state = await failedJob(jobIdFor(stored.sha256));
    expect(state.attemptsMade).toBe(1);
    expect((await running.ctx.registry.get(stored.sha256))?.errorCode).toBe('UNSUPPORTED_TYPE');
  });

  it('retries a transient failure with backoff, then records the failure after the last attempt', async () => {
    const docId = 'b'.repeat(64);
    // The source blob is missing from the store: a transient STORE_UNAVAILABLE on every try.
    const job = { docId, sourceKey: `sources/bb/${docId}`, name: 'gone.pdf', bytes: 10, receivedAt };
    await running.ctx.queues.ingest.add('ingest', job, { jobId: jobIdFor(docId) });
    const record = await waitFor(
      'failed record',
      () => readRecords(path.join(root, 'output')).find((r) => r.id === `sha256:${docId}`),
      30_000,
    );
    expect(record.error.code).toBe('STORE_UNAVAILABLE');
    const state = await failedJob(jobIdFor(docId));
    expect(state.attemptsMade).toBe(3);
  });

  it('gives the same document one job however often it is queued', async () => {
    const docId = 'c'.repeat(64);
    const queue = running.ctx.queues.ingest;
    await queue.pause();
    try {
      const data = { docId, sourceKey: `sources/cc/${docId}`, name: 'a.pdf', bytes: 1, receivedAt };
      const a = await queue.add('ingest', data, { jobId: jobIdFor(docId) });
      const b = await queue.add('ingest', { ...data, name: 'b.pdf' }, { jobId: jobIdFor(docId) });
      expect(a.id).toBe(b.id);
      expect(await queue.getJobCountByTypes('wait')).toBe(1);
      await queue.remove(jobIdFor(docId));
    } finally {
      await queue.resume();
    }
  });
});
