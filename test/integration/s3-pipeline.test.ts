/**
 * The whole pipeline with S3 configured: reports uploaded to the bucket come out as records in
 * OUTPUT_DIR and in the bucket, once per distinct file, with every artifact in the bucket.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startPipeline, type Running } from '../../workers/run.js';
import { deletePrefix, readRecords, repoRoot, tempDir, uniquePrefix, waitFor } from '../support/env.js';
import { TestS3Server } from '../support/s3-server.js';

const redisUrl = inject('redisUrl');
const prefix = uniquePrefix('s3pipe');
const root = tempDir('s3pipe');
const outputDir = path.join(root, 'output');
const dataDir = path.join(root, 'data');
const S3_PREFIX = 'nb/';
const inputs = path.join(repoRoot, 'samples', 'inputs');
const html = fs.readFileSync(path.join(inputs, 'syn01.html'));
const pdf = fs.readFileSync(path.join(inputs, 'syn12.text.pdf'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** The document-level stages: each runs exactly once per document (OCR runs per page, if at all). */
const DOC_STAGES = ['ingest', 'extract', 'tables', 'normalize'] as const;

let server: TestS3Server;
let client: S3Client;
let running: Running;

beforeAll(async () => {
  server = await TestS3Server.start();
  client = server.client();
  const config = loadConfig({
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    UPLOAD_DIR: path.join(root, 'uploads'),
    DATA_DIR: dataDir,
    OUTPUT_DIR: outputDir,
    WATCH_STABLE_MS: '300',
    BACKOFF_MS: '100',
    LOG_LEVEL: 'silent',
    ...server.env(S3_PREFIX),
  });
  running = await startPipeline(config);
});

afterAll(async () => {
  await running?.stop();
  client.destroy();
  await server.dispose();
  await deletePrefix(redisUrl, prefix);
  fs.rmSync(root, { recursive: true, force: true });
});

async function keys(under: string): Promise<string[]> {
  const res = await client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: S3_PREFIX + under }));
  return (res.Contents ?? []).map((o) => o.Key!.slice(S3_PREFIX.length)).sort();
}

async function read(key: string): Promise<Buffer> {
  const res = await client.send(new GetObjectCommand({ Bucket: server.bucket, Key: S3_PREFIX + key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

async function upload(key: string, body: Buffer): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: S3_PREFIX + key, Body: body }));
}

describe('pipeline with S3', () => {
  it('turns uploads in the bucket into records, once per distinct file', async () => {
    await upload('uploads/syn01.html', html);
    await upload('uploads/syn12.text.pdf', pdf);
    // the same bytes again under another key
    await upload('uploads/copies/report-copy.pdf', pdf);

    await waitFor('two records', () => readRecords(outputDir).length >= 2 || undefined);
    await running.idle();
    const records = readRecords(outputDir);
    expect(records.map((r) => r.id).sort()).toEqual([`sha256:${sha(html)}`, `sha256:${sha(pdf)}`].sort());

    // the conversion is the one `nianbao convert` does: the same records as the samples
    for (const [name, bytes] of [
      ['syn01.html', html],
      ['syn12.text.pdf', pdf],
    ] as const) {
      const record = records.find((r) => r.id === `sha256:${sha(bytes)}`)!;
      const expected = JSON.parse(fs.readFileSync(path.join(repoRoot, 'samples/expected', `${name}.json`), 'utf8'));
      expect(record.status).not.toBe('failed');
      expect(record.facts).toEqual(expected.facts);
      expect(record.report).toEqual(expected.report);
    }

    // each document-level stage ran once per document, none failed
    for (const stage of DOC_STAGES) {
      const counts = await running.ctx.queues[stage].getJobCounts('completed', 'failed');
      expect(counts, stage).toEqual({ completed: 2, failed: 0 });
    }
  });

  it('keeps records, sources and stage artifacts in the bucket, and the uploads as they were', async () => {
    const records = readRecords(outputDir);
    expect(await keys('records/')).toEqual(records.map((r) => `records/${r.id}.json`).sort());
    for (const r of records) {
      const file = fs.readFileSync(path.join(outputDir, `${r.id}.json`));
      expect((await read(`records/${r.id}.json`)).equals(file)).toBe(true);
    }
    const artifacts = await keys('artifacts/');
    expect(artifacts.filter((k) => k.startsWith('artifacts/sources/'))).toEqual(
      [html, pdf].map((b) => `artifacts/sources/${sha(b).slice(0, 2)}/${sha(b)}`).sort(),
    );
    expect(artifacts.some((k) => k.endsWith('/layout.json'))).toBe(true);
    expect(artifacts.some((k) => k.startsWith('artifacts/tmp/'))).toBe(false);
    // nothing went to the local folder
    expect(fs.existsSync(path.join(dataDir, 'sources'))).toBe(false);
    expect(await keys('uploads/')).toEqual(['uploads/copies/report-copy.pdf', 'uploads/syn01.html', 'uploads/syn12.text.pdf']);
    expect((await read('uploads/syn12.text.pdf')).equals(pdf)).toBe(true);
  });

  it('keeps credentials out of job data: ids, keys, names and sizes only', async () => {
    const allowed = new Set([
      'docId',
      'sourceKey',
      'name',
      'bytes',
      'receivedAt',
      'mediaType',
      'page',
      'pages',
      'extractionKey',
      'layoutKey',
    ]);
    const config = running.ctx.config;
    const secrets = [config.s3!.accessKeyId, config.s3!.secretAccessKey, config.redisUrl];
    let jobs = 0;
    for (const queue of Object.values(running.ctx.queues)) {
      for (const job of await queue.getJobs(['completed', 'failed', 'wait', 'active', 'delayed'])) {
        jobs++;
        expect(
          Object.keys(job.data).filter((k) => !allowed.has(k)),
          `${queue.name} job data`,
        ).toEqual([]);
        const text = JSON.stringify(job.data);
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    }
    expect(jobs).toBeGreaterThanOrEqual(DOC_STAGES.length * 2);
  });
});
