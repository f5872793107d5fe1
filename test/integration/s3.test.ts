/**
 * The S3 artifact store against a real S3-compatible server (s3rver): the same contract as the
 * local store, byte-exact storage of large streams, one copy per content.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NianbaoError } from '../../src/errors.js';
import { derivedKey, sourceKey } from '../../src/store/artifact-store.js';
import { S3ArtifactStore } from '../../src/store/s3-store.js';
import { TestS3Server } from '../support/s3-server.js';

let server: TestS3Server;
let client: S3Client;
const MiB = 1024 * 1024;

beforeAll(async () => {
  server = await TestS3Server.start();
  client = server.client();
});

afterAll(async () => {
  client.destroy();
  await server.dispose();
});

async function keysUnder(prefix: string): Promise<string[]> {
  const res = await client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix }));
  return (res.Contents ?? []).map((o) => o.Key!).sort();
}

/** A stream of `data` in uneven chunks, as a network or a disk delivers it. */
function chunked(data: Buffer, size = 64 * 1024 + 7): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('S3ArtifactStore', () => {
  it('round-trips artifacts under its prefix', async () => {
    const store = new S3ArtifactStore(client, server.bucket, { prefix: 'rt/artifacts/' });
    const key = derivedKey('ab'.repeat(32), 'layout.json');
    expect(await store.has(key)).toBe(false);
    await store.putJson(key, { pages: 3, text: '报告' });
    expect(await store.has(key)).toBe(true);
    expect(await store.getJson(key)).toEqual({ pages: 3, text: '报告' });
    await store.put('derived/ab/x.bin', new Uint8Array([1, 2, 3, 4, 5]));
    expect([...(await store.get('derived/ab/x.bin'))]).toEqual([1, 2, 3, 4, 5]);
    expect([...(await store.head('derived/ab/x.bin', 2))]).toEqual([1, 2]);
    // a head longer than the blob is the whole blob
    expect([...(await store.head('derived/ab/x.bin', 100))]).toEqual([1, 2, 3, 4, 5]);
    expect(await keysUnder('rt/')).toEqual([`rt/artifacts/${key}`, 'rt/artifacts/derived/ab/x.bin'].sort());
  });

  it('stores a source once under its sha256, however often it is put', async () => {
    const store = new S3ArtifactStore(client, server.bucket, { prefix: 'dd/' });
    const data = Buffer.from('%PDF-1.4 some bytes');
    const a = await store.putSource(chunked(data, 5));
    const b = await store.putSource(Readable.from([data]));
    expect(a).toEqual({ sha256: sha(data), key: sourceKey(sha(data)), bytes: data.length });
    expect(b).toEqual(a);
    expect((await store.head(a.key, 4)).toString()).toBe('%PDF');
    expect(await keysUnder('dd/')).toEqual([`dd/${a.key}`]);
  });

  it('stores a multi-megabyte stream byte for byte, in parts, without leftovers', async () => {
    const store = new S3ArtifactStore(client, server.bucket, { prefix: 'big/', partBytes: 5 * MiB });
    const data = randomBytes(12 * MiB + 12345);
    const stored = await store.putSource(chunked(data));
    expect(stored).toEqual({ sha256: sha(data), key: sourceKey(sha(data)), bytes: data.length });
    const back = await store.get(stored.key);
    expect(back.length).toBe(data.length);
    expect(sha(back)).toBe(stored.sha256);
    // the same content again: deduplicated, and the temporary object is gone either way
    expect(await store.putSource(chunked(data, MiB))).toEqual(stored);
    expect(await keysUnder('big/')).toEqual([`big/${stored.key}`]);
  });

  it('keeps an empty source empty', async () => {
    const store = new S3ArtifactStore(client, server.bucket, { prefix: 'empty/' });
    const stored = await store.putSource(Readable.from([]));
    expect(stored.bytes).toBe(0);
    expect(stored.sha256).toBe(sha(Buffer.alloc(0)));
    expect((await store.get(stored.key)).length).toBe(0);
    // s3rver answers this range with a byte it never sends: the store must still say "empty"
    expect((await store.head(stored.key, 8)).length).toBe(0);
  });

  it('reports a missing artifact as a retryable store error', async () => {
    const store = new S3ArtifactStore(client, server.bucket, { prefix: 'missing/' });
    for (const read of [
      () => store.get('derived/00/missing'),
      () => store.head('derived/00/missing', 8),
      () => store.getJson('x'),
    ]) {
      const err = await read().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NianbaoError);
      expect((err as NianbaoError).code).toBe('STORE_UNAVAILABLE');
      expect((err as NianbaoError).retryable).toBe(true);
    }
  });

  it('refuses keys the code would never build', async () => {
    const store = new S3ArtifactStore(client, server.bucket);
    await expect(store.put('../escape', 'x')).rejects.toBeInstanceOf(NianbaoError);
    await expect(store.put('/abs', 'x')).rejects.toBeInstanceOf(NianbaoError);
  });

  it('passes a source stream error through instead of calling it a store failure', async () => {
    const store = new S3ArtifactStore(client, server.bucket, { prefix: 'err/' });
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk went away'));
      },
    });
    await expect(store.putSource(failing)).rejects.toThrow('disk went away');
  });
});

describe('createS3Client', () => {
  it('stores a body of unknown length as sent (no aws-chunked framing inside the object)', async () => {
    const data = randomBytes(3 * MiB + 1);
    await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'raw/stream.bin', Body: chunked(data) }));
    const res = await client.send(new GetObjectCommand({ Bucket: server.bucket, Key: 'raw/stream.bin' }));
    const back = Buffer.from(await res.Body!.transformToByteArray());
    expect(back.length).toBe(data.length);
    expect(back.equals(data)).toBe(true);
  });
});
