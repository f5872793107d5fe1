/**
 * An ArtifactStore in an S3-compatible bucket (AWS S3, MinIO), under a key prefix. Same keys
 * and the same once-per-content rule as the local store, so that workers on several machines
 * can share one store.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { NianbaoError } from '../errors.js';
import { sourceKey, type ArtifactStore, type StoredSource } from './artifact-store.js';
import { isNotFound } from './s3-client.js';

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
/** S3 refuses multipart parts under 5 MiB (except the last one). */
const MIN_PART_BYTES = 5 * 1024 * 1024;

export interface S3StoreOptions {
  /** Prepended to every key, e.g. `nianbao/artifacts/` (default none). */
  prefix?: string;
  /**
   * Sources up to this size are hashed in memory and written once, straight to their final
   * key; larger ones go up in parts of this size to a temporary key (default 8 MiB, min 5 MiB).
   */
  partBytes?: number;
}

export class S3ArtifactStore implements ArtifactStore {
  private readonly prefix: string;
  private readonly partBytes: number;

  /** The client belongs to the caller, who destroys it. */
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    opts: S3StoreOptions = {},
  ) {
    this.prefix = opts.prefix ?? '';
    this.partBytes = Math.max(MIN_PART_BYTES, opts.partBytes ?? 8 * 1024 * 1024);
  }

  private objectKey(key: string): string {
    // The same rule as the local store: keys are built by the code, anything else is a bug.
    if (!KEY_RE.test(key) || key.split('/').includes('..')) {
      throw new NianbaoError('INTERNAL', `invalid artifact key ${JSON.stringify(key)}`);
    }
    return this.prefix + key;
  }

  async putSource(stream: Readable): Promise<StoredSource> {
    const hash = createHash('sha256');
    let bytes = 0;
    let buffered: Buffer[] = [];
    let bufferedBytes = 0;
    let upload: MultipartUpload | undefined;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer | string>) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        hash.update(buf);
        bytes += buf.length;
        buffered.push(buf);
        bufferedBytes += buf.length;
        if (bufferedBytes >= this.partBytes) {
          upload ??= await MultipartUpload.start(this.client, this.bucket, this.objectKey(`tmp/${randomUUID()}.part`));
          await upload.send(Buffer.concat(buffered));
          buffered = [];
          bufferedBytes = 0;
        }
      }
      const sha256 = hash.digest('hex');
      const key = sourceKey(sha256);
      if (!upload) {
        // The whole source fit in one part: no temporary object needed.
        if (!(await this.has(key))) await this.put(key, Buffer.concat(buffered));
        return { sha256, key, bytes };
      }
      if (bufferedBytes > 0) await upload.send(Buffer.concat(buffered));
      await upload.complete();
      // Same bytes, same key: a copy of a source already stored is simply dropped.
      if (!(await this.has(key))) await this.copy(upload.key, key);
      return { sha256, key, bytes };
    } catch (err) {
      // A source that could not be read is the caller's problem, not the store's.
      if (stream.errored) throw err;
      throw storeError(err, 'source upload');
    } finally {
      await upload?.discard();
    }
  }

  private async copy(fromObjectKey: string, toKey: string): Promise<void> {
    // CopySource is URL-encoded, segment by segment so that the slashes stay.
    const source = `${this.bucket}/${fromObjectKey.split('/').map(encodeURIComponent).join('/')}`;
    await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: this.objectKey(toKey), CopySource: source }));
  }

  async put(key: string, data: Uint8Array | string): Promise<void> {
    // A PUT is atomic on S3: readers see the old object or the new one, never half of it.
    const body = typeof data === 'string' ? Buffer.from(data) : data;
    await this.client
      .send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: body, ContentLength: body.length }))
      .catch((err: unknown) => {
        throw storeError(err, key);
      });
  }

  async get(key: string): Promise<Buffer> {
    return this.read(key);
  }

  async head(key: string, bytes: number): Promise<Buffer> {
    if (bytes <= 0) return Buffer.alloc(0);
    try {
      return await this.read(key, `bytes=0-${bytes - 1}`);
    } catch (err) {
      // A range on an empty object is unsatisfiable: S3 and MinIO answer 416, s3rver promises
      // a byte it never sends. Either way the first bytes of an empty object are none.
      if (await this.isEmpty(key)) return Buffer.alloc(0);
      throw err;
    }
  }

  private async isEmpty(key: string): Promise<boolean> {
    const res = await this.client
      .send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }))
      .catch(() => undefined);
    return res?.ContentLength === 0;
  }

  private async read(key: string, range?: string): Promise<Buffer> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Range: range }));
      if (!res.Body) return Buffer.alloc(0);
      return Buffer.from(await res.Body.transformToByteArray());
    } catch (err) {
      throw storeError(err, key);
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw storeError(err, key);
    }
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.put(key, JSON.stringify(value));
  }

  async getJson<T>(key: string): Promise<T> {
    return JSON.parse((await this.get(key)).toString('utf8')) as T;
  }
}

/** Any S3 failure is a store failure (retryable): missing objects say so, the rest keep their cause. */
function storeError(err: unknown, key: string): unknown {
  if (err instanceof NianbaoError) return err;
  const message = isNotFound(err) ? `artifact ${key} is missing` : `artifact store error on ${key}: ${(err as Error).message}`;
  return new NianbaoError('STORE_UNAVAILABLE', message, { cause: err });
}

/** One multipart upload to a temporary key: parts sent one at a time, removed in the end. */
class MultipartUpload {
  private readonly parts: CompletedPart[] = [];
  private completed = false;

  private constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    readonly key: string,
    private readonly uploadId: string,
  ) {}

  static async start(client: S3Client, bucket: string, key: string): Promise<MultipartUpload> {
    const res = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    if (!res.UploadId) throw new Error('CreateMultipartUpload returned no UploadId');
    return new MultipartUpload(client, bucket, key, res.UploadId);
  }

  async send(body: Buffer): Promise<void> {
    const PartNumber = this.parts.length + 1;
    const res = await this.client.send(
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId: this.uploadId,
        PartNumber,
        Body: body,
        ContentLength: body.length,
      }),
    );
    this.parts.push({ PartNumber, ETag: res.ETag });
  }

  async complete(): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId: this.uploadId,
        MultipartUpload: { Parts: this.parts },
      }),
    );
    this.completed = true;
  }

  /** Removes the temporary object, or the unfinished parts (which S3 would otherwise keep and bill). */
  async discard(): Promise<void> {
    const { bucket: Bucket, key: Key } = this;
    const done = this.completed
      ? this.client.send(new DeleteObjectCommand({ Bucket, Key }))
      : this.client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId: this.uploadId }));
    // Best effort: a leftover under tmp/ is garbage, not an error of this upload.
    await done.catch(() => undefined);
  }
}
