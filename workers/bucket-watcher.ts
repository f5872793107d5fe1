/**
 * The upload bucket: the S3 counterpart of the upload folder. The bucket is listed every
 * intervalMs; an object is taken once two listings in a row agree on its size and ETag, copied
 * into the artifact store while it is hashed, and queued for ingest under its hash, exactly as
 * the folder watcher does. The original object is only read, never changed or deleted.
 *
 * Taken (key, ETag) pairs are remembered in Redis, so that a restart or a second watcher does
 * not read every object again; the job id (the sha256) dedupes whatever slips through.
 */
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { WorkerContext } from './context.js';
import { jobIdFor } from './jobs.js';
import type { UploadWatcher } from './watcher.js';

export interface BucketWatchOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix of the uploads, e.g. `nianbao/uploads/` ('' for the whole bucket). */
  prefix: string;
  /** Milliseconds between two listings; an object is taken after two equal ones. */
  intervalMs: number;
  /** Keys per ListObjectsV2 page (default 1000, the S3 maximum). */
  pageSize?: number;
  /** Objects copied into the store at once (default 4). */
  concurrency?: number;
}

interface Listed {
  key: string;
  etag: string;
  size: number;
}

/** Hidden names and folder markers: nothing a user uploaded as a report. */
const IGNORED = /(^|\/)\.|\/$/;

/** Redis set of the (key, ETag) pairs already taken. */
export function bucketSeenKey(queuePrefix: string): string {
  return `${queuePrefix}:bucket:seen`;
}

/** A set member: the ETag has no spaces, so the first one separates it from the key. */
function seenMember(bucket: string, o: Listed): string {
  return `${o.etag} ${bucket}/${o.key}`;
}

export async function* listObjects(client: S3Client, bucket: string, prefix: string, pageSize = 1000): AsyncGenerator<Listed> {
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token, MaxKeys: pageSize }),
    );
    for (const o of page.Contents ?? []) {
      if (o.Key !== undefined && o.ETag !== undefined) yield { key: o.Key, etag: o.ETag, size: o.Size ?? 0 };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

export function watchBucket(ctx: WorkerContext, opts: BucketWatchOptions): UploadWatcher {
  const { client, bucket, prefix, intervalMs } = opts;
  const log = ctx.log.child({ component: 'bucket-watcher', bucket, prefix });
  const redis = ctx.connect();
  const seenKey = bucketSeenKey(ctx.config.queuePrefix);
  /** Members known to be in the Redis set: it only grows, so they need no second look. */
  const seenHere = new Set<string>();
  /** Size and ETag of every untaken object in the previous listing. */
  let previous = new Map<string, string>();
  /** Objects of the last listing not taken yet (still settling, or being copied). */
  let waiting = 0;
  let lastActivity = Date.now();
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();

  const take = async (o: Listed): Promise<void> => {
    lastActivity = Date.now();
    try {
      // IfMatch: the bytes read are the version that was seen to be stable, or nothing.
      const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.key, IfMatch: o.etag }));
      if (!(res.Body instanceof Readable)) throw new Error('GetObject body is not a Node stream');
      const stored = await ctx.store.putSource(res.Body);
      const name = o.key.slice(prefix.length);
      const receivedAt = new Date().toISOString();
      await ctx.queues.ingest.add(
        'ingest',
        { docId: stored.sha256, sourceKey: stored.key, name, bytes: stored.bytes, receivedAt },
        { jobId: jobIdFor(stored.sha256) },
      );
      // Remembered only once queued: a watcher that dies in between takes the object again.
      await redis.sadd(seenKey, seenMember(bucket, o));
      seenHere.add(seenMember(bucket, o));
      log.info({ docId: stored.sha256, name, bytes: stored.bytes }, 'upload queued');
    } catch (err) {
      // Removed or replaced since the listing, or the store is down: the next listing retries.
      log.warn({ err: { message: (err as Error).message }, key: o.key }, 'upload not taken');
    } finally {
      waiting--;
      lastActivity = Date.now();
    }
  };

  const poll = async (): Promise<void> => {
    const fresh: Listed[] = [];
    for await (const o of listObjects(client, bucket, prefix, opts.pageSize)) {
      if (!IGNORED.test(o.key.slice(prefix.length)) && !seenHere.has(seenMember(bucket, o))) fresh.push(o);
    }
    const unseen = await filterUnseen(fresh);
    const stable = unseen.filter((o) => previous.get(o.key) === `${o.size} ${o.etag}`);
    if (unseen.length > stable.length) lastActivity = Date.now();
    previous = new Map(unseen.map((o) => [o.key, `${o.size} ${o.etag}`]));
    waiting = unseen.length;
    await eachLimited(stable, opts.concurrency ?? 4, take);
  };

  const filterUnseen = async (objects: Listed[]): Promise<Listed[]> => {
    const out: Listed[] = [];
    for (let i = 0; i < objects.length; i += 1000) {
      const batch = objects.slice(i, i + 1000);
      const flags = await redis.smismember(seenKey, ...batch.map((o) => seenMember(bucket, o)));
      batch.forEach((o, j) => (flags[j] ? seenHere.add(seenMember(bucket, o)) : out.push(o)));
    }
    return out;
  };

  const cycle = async (): Promise<void> => {
    try {
      await poll();
    } catch (err) {
      // The bucket may not exist yet (MinIO still starting) or be unreachable: try again later.
      log.warn({ err: { message: (err as Error).message } }, 'bucket listing failed');
    }
    if (!closed) timer = setTimeout(() => (polling = cycle()), intervalMs);
  };

  polling = cycle();
  const ready = polling.then(() => {
    log.info({ untaken: waiting }, 'bucket listed');
  });
  return {
    ready,
    pending: () => waiting,
    lastActivity: () => lastActivity,
    // a new object is taken on the second listing that finds it unchanged
    quietMs: 2 * intervalMs + 1500,
    async close() {
      closed = true;
      clearTimeout(timer);
      await polling;
    },
  };
}

/** Runs fn over items, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
