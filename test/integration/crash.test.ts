/**
 * Crash recovery with real processes against a Redis of the test's own (AOF on): workers
 * killed with SIGKILL in the middle of jobs, Redis restarted mid-batch, two watchers on one
 * folder, SIGTERM. Every document must end with exactly one complete record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STAGES, type Stage } from '../../workers/jobs.js';
import {
  corpusFiles,
  readRecords,
  repoRoot,
  spawnCli,
  spawnEntry,
  tempDir,
  uniquePrefix,
  waitFor,
  type Spawned,
} from '../support/env.js';
import { TestRedisServer } from '../support/redis-server.js';

let redis: TestRedisServer;
const spawned: Spawned[] = [];

beforeAll(async () => {
  redis = await TestRedisServer.start();
});
afterEach(async () => {
  for (const p of spawned.splice(0)) {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
});
afterAll(async () => {
  await redis.dispose();
});

/**
 * The smallest scanned report of the corpus (two pages), so that the OCR stage has page jobs
 * to interrupt; undefined without the shared corpus.
 */
const scanFile = corpusFiles(['scan.pdf']).find((f) => path.basename(f) === 'syn04.scan.pdf');

/** The corpus's text PDFs and pages when the shared corpus is there, else the samples. */
function batchFiles(): string[] {
  const corpus = corpusFiles(['text.pdf', 'html']);
  if (corpus.length) return corpus;
  const inputs = path.join(repoRoot, 'samples', 'inputs');
  return fs
    .readdirSync(inputs)
    .filter((f) => f !== 'truncated.pdf')
    .map((f) => path.join(inputs, f));
}

function setup(label: string) {
  const root = tempDir(label);
  const dirs = { upload: path.join(root, 'up'), data: path.join(root, 'data'), output: path.join(root, 'out') };
  fs.mkdirSync(dirs.upload, { recursive: true });
  const prefix = uniquePrefix(label);
  const env = {
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    UPLOAD_DIR: dirs.upload,
    DATA_DIR: dirs.data,
    OUTPUT_DIR: dirs.output,
    WATCH_STABLE_MS: '200',
    BACKOFF_MS: '100',
    JOB_ATTEMPTS: '10',
    // Short enough for a killed worker's job to be taken up again quickly, long enough for a
    // busy event loop (a large PDF on a loaded 2-core machine) to renew it in time.
    JOB_LOCK_MS: '5000',
    MAX_STALLED: '20',
    LOG_LEVEL: 'warn',
  };
  const queues = Object.fromEntries(
    STAGES.map((s) => [s, new Queue(s, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix })]),
  ) as Record<Stage, Queue>;
  // Redis is restarted by one test: the queues' reconnect errors are expected there.
  for (const q of Object.values(queues)) q.on('error', () => {});
  const start = (entry: string) => {
    const p = spawnEntry(entry, env);
    spawned.push(p);
    return p;
  };
  const drop = (files: string[]) => files.forEach((f) => fs.copyFileSync(f, path.join(dirs.upload, path.basename(f))));
  /** Waits for every record, printing the queues' state if they do not come. */
  const waitForRecords = async (files: string[], timeoutMs: number) => {
    await waitFor('every record', () => readRecords(dirs.output).length === files.length, timeoutMs).catch(async (e: unknown) => {
      for (const s of STAGES) {
        const failed = await queues[s].getFailed();
        console.log(s, await queues[s].getJobCounts(), failed.map((j) => j.failedReason).slice(0, 3));
      }
      throw e;
    });
  };
  const cleanup = async () => {
    await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }).then(() => q.close())));
    fs.rmSync(root, { recursive: true, force: true });
  };
  return { dirs, env, queues, start, drop, waitForRecords, cleanup };
}

function expectOneCompleteRecordEach(outputDir: string, files: string[]) {
  const records = readRecords(outputDir);
  expect(records.map((r) => r.source.name).sort()).toEqual(files.map((f) => path.basename(f)).sort());
  for (const r of records) expect(r.status, `${r.source.name}: ${JSON.stringify(r.error)}`).toBe('complete');
  // A writer killed mid-write leaves at most its hidden temporary file, never a partial record
  // (readRecords above parsed every .json); stale ones are swept when a worker starts.
  expect(fs.readdirSync(outputDir).filter((f) => !f.endsWith('.json') && !/^\..*\.tmp$/.test(f))).toEqual([]);
}

describe('crash recovery', () => {
  it('survives 20 SIGKILLs of workers in the middle of jobs, OCR page jobs included', async () => {
    const t = setup('kill');
    const files = [...batchFiles().slice(0, 12), ...(scanFile ? [scanFile] : [])];
    const entry = (s: Stage) => `dist/workers/${s}-worker.js`;
    const procs = new Map<Stage, Spawned>(STAGES.map((s) => [s, t.start(entry(s))]));
    t.start('dist/workers/watcher-main.js');
    t.drop(files);

    let kills = 0;
    let round = 0;
    const killedIn: Record<string, number> = {};
    const client = new Redis(redis.url);
    const feedAgain = (stage: Stage) => {
      // Same documents under new bytes (a comment after the end), so that there is more work
      // to interrupt: the scan when the OCR stage is to be interrupted, else the batch.
      round++;
      const sources = stage === 'ocr' ? [scanFile!] : batchFiles().slice(0, 12);
      const again = sources.map((f, n) => {
        const copy = path.join(t.dirs.upload, `r${round}-${n}-${path.basename(f)}`);
        fs.writeFileSync(copy, Buffer.concat([fs.readFileSync(f), Buffer.from(`\n<!-- ${round} -->\n`)]));
        return copy;
      });
      files.push(...again);
    };
    // Kill each stage in turn, only while one of its jobs is held by a live worker (its lock
    // key exists): a killed worker's job stays listed as active until it is found stalled.
    // The OCR stage has page jobs only when the scan is there (the shared corpus).
    const killable = STAGES.filter((s) => s !== 'ocr' || scanFile);
    const deadline = Date.now() + 300_000;
    while (kills < 20 && Date.now() < deadline) {
      const stage = killable[kills % killable.length]!;
      const until = Date.now() + 8000;
      let hit = false;
      while (!hit && Date.now() < until) {
        const active = await t.queues[stage].getActive();
        for (const job of active) {
          if (await client.exists(`${t.env.QUEUE_PREFIX}:${stage}:${job.id}:lock`)) hit = true;
        }
        if (!hit) await new Promise((r) => setTimeout(r, 15));
      }
      if (!hit) {
        feedAgain(stage);
        continue;
      }
      procs.get(stage)!.child.kill('SIGKILL');
      await procs.get(stage)!.exited;
      procs.set(stage, t.start(entry(stage)));
      kills++;
      killedIn[stage] = (killedIn[stage] ?? 0) + 1;
    }
    await client.quit();
    expect(kills).toBe(20);
    expect(Object.keys(killedIn).sort(), JSON.stringify(killedIn)).toEqual([...killable].sort());
    await t.waitForRecords(files, 240_000);
    expectOneCompleteRecordEach(t.dirs.output, files);
    if (scanFile) {
      // Every page of every scan was read in the end: no page is missing from its record.
      for (const r of readRecords(t.dirs.output).filter((x) => x.source.name.endsWith('.scan.pdf'))) {
        expect(
          r.warnings.filter((w: { code: string }) => w.code === 'OCR_PAGE_FAILED'),
          r.source.name,
        ).toEqual([]);
        expect(
          r.facts.some((f: { source: { method: string } }) => f.source.method === 'ocr'),
          r.source.name,
        ).toBe(true);
      }
    }
    await t.cleanup();
  }, 600_000);

  it('completes a batch when Redis restarts in the middle of it', async () => {
    const t = setup('restart');
    const files = batchFiles();
    const proc = spawnCli(['run'], { ...t.env, LOG_LEVEL: 'info' });
    spawned.push(proc);
    await waitFor('pipeline start', () => proc.stderr().includes('pipeline started') || proc.child.exitCode !== null, 30_000);
    t.drop(files);
    await waitFor('a first record', () => readRecords(t.dirs.output).length > 0, 60_000);
    expect(readRecords(t.dirs.output).length).toBeLessThan(files.length);
    await redis.stop();
    await new Promise((r) => setTimeout(r, 1500));
    await redis.restart();
    await t.waitForRecords(files, 90_000);
    expectOneCompleteRecordEach(t.dirs.output, files);
    expect(proc.child.exitCode).toBeNull();
    await t.cleanup();
  }, 240_000);

  it('gives one record per file with two watchers on the same folder', async () => {
    const t = setup('watchers');
    const files = batchFiles().slice(0, 8);
    t.start('dist/workers/watcher-main.js');
    t.start('dist/workers/watcher-main.js');
    for (const s of STAGES) t.start(`dist/workers/${s}-worker.js`);
    await new Promise((r) => setTimeout(r, 2500));
    t.drop(files);
    await t.waitForRecords(files, 90_000);
    expectOneCompleteRecordEach(t.dirs.output, files);
    // each document went through each stage once: one job per document and stage (text PDFs
    // and web pages have no page to OCR)
    for (const s of STAGES) {
      await waitFor(`${s} jobs to settle`, async () => (await t.queues[s].getJobCountByTypes('active', 'wait')) === 0, 30_000);
      expect(await t.queues[s].getJobCounts(), s).toMatchObject({ completed: s === 'ocr' ? 0 : files.length, failed: 0 });
    }
    await t.cleanup();
  }, 180_000);

  it('closes cleanly on SIGTERM: the active job finishes and nothing stays locked', async () => {
    const t = setup('sigterm');
    const files = batchFiles().slice(0, 6);
    t.start('dist/workers/watcher-main.js');
    for (const s of ['ingest', 'tables', 'normalize'] as const) t.start(`dist/workers/${s}-worker.js`);
    const extract = t.start('dist/workers/extract-worker.js');
    t.drop(files);
    await waitFor('an active extract job', async () => (await t.queues.extract.getJobCountByTypes('active')) > 0, 60_000).catch(
      () => undefined,
    );
    const active = await t.queues.extract.getActive();
    extract.child.kill('SIGTERM');
    expect(await extract.exited).toBe(0);
    expect(await t.queues.extract.getJobCountByTypes('active')).toBe(0);
    for (const job of active) expect(['completed', 'waiting', 'failed'].includes(await job.getState()), job.id).toBe(true);
    const client = new Redis(redis.url);
    expect(await client.keys(`${t.env.QUEUE_PREFIX}:extract:*:lock`)).toEqual([]);
    await client.quit();
    // a new extract worker finishes the batch
    t.start('dist/workers/extract-worker.js');
    await t.waitForRecords(files, 90_000);
    expectOneCompleteRecordEach(t.dirs.output, files);
    await t.cleanup();
  }, 180_000);
});
