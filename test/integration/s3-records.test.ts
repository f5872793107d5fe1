/** The records sink against a real S3-compatible server: the file's bytes, one object per record. */
import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NianbaoError } from '../../src/errors.js';
import type { NianbaoRecord } from '../../src/record/schema.js';
import { writeRecord } from '../../src/record/write.js';
import { S3RecordSink } from '../../src/sinks/s3-records.js';
import { createS3Client } from '../../src/store/s3-client.js';
import { repoRoot, tempDir } from '../support/env.js';
import { TestS3Server } from '../support/s3-server.js';

const samplesDir = path.join(repoRoot, 'samples', 'expected');
const records = fs
  .readdirSync(samplesDir)
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(samplesDir, f), 'utf8')) as NianbaoRecord);
let server: TestS3Server;
let client: S3Client;

beforeAll(async () => {
  server = await TestS3Server.start();
  client = server.client();
});

afterAll(async () => {
  client.destroy();
  await server.dispose();
});

async function read(key: string): Promise<Buffer> {
  const res = await client.send(new GetObjectCommand({ Bucket: server.bucket, Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

describe('S3RecordSink', () => {
  it('writes each record as the same bytes as its file, once however often it is written', async () => {
    expect(records.length).toBeGreaterThan(1);
    const sink = new S3RecordSink(client, server.bucket, 'nb/records/');
    const dir = tempDir('s3-records');
    try {
      for (const r of [...records, ...records]) await sink.write(r);
      const listed = await client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: 'nb/records/' }));
      expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(records.map((r) => `nb/records/${r.id}.json`).sort());
      for (const r of records) {
        const file = await writeRecord(dir, r);
        expect((await read(sink.keyOf(r.id))).equals(fs.readFileSync(file))).toBe(true);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with a retryable error when the bucket cannot be written', async () => {
    const sink = new S3RecordSink(client, 'no-such-bucket', 'x/');
    const err = await sink.write(records[0]!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NianbaoError);
    expect((err as NianbaoError).retryable).toBe(true);
  });

  it('fails with a retryable error when the server is unreachable', async () => {
    const down = createS3Client({ ...server.settings(), endpoint: 'http://127.0.0.1:9' });
    try {
      const err = await new S3RecordSink(down, server.bucket, 'x/').write(records[0]!).catch((e: unknown) => e);
      expect((err as NianbaoError).code).toBe('STORE_UNAVAILABLE');
    } finally {
      down.destroy();
    }
  });
});
