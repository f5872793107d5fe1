/**
 * What every worker process shares: one validated configuration, one Redis connection
 * factory, the queues, the artifact store, the document registry and the logger.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { FlowProducer, Queue, type DefaultJobOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../src/config.js';
import { createLogger, type Logger } from '../src/log.js';
import { OcrEngine } from '../src/ocr/engine.js';
import type { NianbaoRecord } from '../src/record/schema.js';
import { writeRecord } from '../src/record/write.js';
import { RedisStreamSink } from '../src/sinks/events.js';
import type { RecordSink } from '../src/sinks/record-sink.js';
import type { ArtifactStore } from '../src/store/artifact-store.js';
import { LocalArtifactStore } from '../src/store/local-store.js';
import { STAGES, type JobOf, type Stage } from './jobs.js';
import { DocRegistry } from './registry.js';

export interface WorkerContext {
  config: Config;
  log: Logger;
  store: ArtifactStore;
  /** The S3 client when S3 is configured: artifact store, upload bucket and records share it. */
  s3: S3Client | undefined;
  registry: DocRegistry;
  queues: { [S in Stage]: Queue<JobOf[S]> };
  flows: FlowProducer;
  /** Where records go besides OUTPUT_DIR: the completion event stream, PostgreSQL when set. */
  sinks: RecordSink[];
  /** Writes a finished record to OUTPUT_DIR, then to every sink. */
  publish(record: NianbaoRecord): Promise<void>;
  /** The process's OCR engine, started on first use (OCR_WORKERS tesseract workers). */
  ocrEngine(): Promise<OcrEngine>;
  /** A new connection for a Worker or QueueEvents (they block, so they need their own). */
  connect(): Redis;
  close(): Promise<void>;
}

export function jobOptions(config: Config): DefaultJobOptions {
  return {
    attempts: config.attempts,
    backoff: { type: 'exponential', delay: config.backoffMs },
    // Finished jobs are kept for a while so that their ids keep deduplicating re-queued
    // documents and operators can inspect them; the registry keeps the outcome for good.
    removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

export async function createContext(config: Config, log: Logger = createLogger(config.logLevel)): Promise<WorkerContext> {
  const connections: Redis[] = [];
  const connect = (): Redis => {
    // maxRetriesPerRequest: null is what BullMQ requires for workers: commands wait for a
    // reconnect instead of failing while Redis restarts.
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true });
    redis.on('error', (err) => log.warn({ err: { message: err.message } }, 'redis connection error'));
    connections.push(redis);
    return redis;
  };
  const shared = connect();
  const prefix = config.queuePrefix;
  const defaultJobOptions = jobOptions(config);
  const queues = Object.fromEntries(
    STAGES.map((s) => [s, new Queue(s, { connection: shared, prefix, defaultJobOptions })]),
  ) as unknown as WorkerContext['queues'];
  const flows = new FlowProducer({ connection: shared, prefix });
  const sinks: RecordSink[] = [new RedisStreamSink(shared, prefix)];
  let engine: Promise<OcrEngine> | undefined;
  // The PostgreSQL client and the S3 SDK are loaded only when configured: together they
  // are a good part of a worker process's start-up.
  if (config.databaseUrl) {
    const { createPostgresSink } = await import('../src/sinks/postgres/postgres-sink.js');
    sinks.push(await createPostgresSink(config.databaseUrl));
  }
  // With S3 configured the bucket holds what the processes share: artifacts, uploads, records.
  let s3: S3Client | undefined;
  let store: ArtifactStore;
  if (config.s3) {
    const [{ createS3Client }, { S3ArtifactStore }, { S3RecordSink }] = await Promise.all([
      import('../src/store/s3-client.js'),
      import('../src/store/s3-store.js'),
      import('../src/sinks/s3-records.js'),
    ]);
    s3 = createS3Client(config.s3);
    store = new S3ArtifactStore(s3, config.s3.bucket, { prefix: `${config.s3.prefix}artifacts/` });
    sinks.push(new S3RecordSink(s3, config.s3.bucket, `${config.s3.prefix}records/`));
  } else {
    store = new LocalArtifactStore(config.dataDir);
  }
  return {
    config,
    log,
    store,
    s3,
    registry: new DocRegistry(shared, prefix),
    queues,
    flows,
    sinks,
    async publish(record) {
      await writeRecord(config.outputDir, record);
      for (const sink of sinks) await sink.write(record);
    },
    ocrEngine: () => (engine ??= OcrEngine.create({ workers: config.ocr.workers, jobTimeoutMs: config.ocr.timeoutMs })),
    connect,
    async close() {
      if (engine) await (await engine.catch(() => undefined))?.close();
      await Promise.all(sinks.map((s) => s.close()));
      await Promise.all(Object.values(queues).map((q: Queue) => q.close()));
      await flows.close();
      s3?.destroy();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
