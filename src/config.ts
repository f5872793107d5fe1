/**
 * The only reader of process.env. The whole configuration is parsed and validated once, and a
 * bad environment is refused with the full list of what is wrong.
 */
import path from 'node:path';
import { z } from 'zod';
import type { Limits } from './pipeline/stages.js';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key nianbao writes (BullMQ queues and its own keys). */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only')
    .default('nianbao'),
  UPLOAD_DIR: z.string().min(1).default('uploads'),
  DATA_DIR: z.string().min(1).default('data'),
  OUTPUT_DIR: z.string().min(1).default('output'),
  /** Jobs each worker process runs at once, per stage. */
  INGEST_CONCURRENCY: positiveInt(4),
  EXTRACT_CONCURRENCY: positiveInt(2),
  TABLES_CONCURRENCY: positiveInt(2),
  NORMALIZE_CONCURRENCY: positiveInt(4),
  /**
   * Pages one OCR process reads at once. As many as OCR_WORKERS: one page alone leaves
   * tesseract workers idle (its full-page text pass is one long call).
   */
  OCR_CONCURRENCY: positiveInt(2),
  /** tesseract workers per process (each uses one core while it recognizes). */
  OCR_WORKERS: positiveInt(2),
  /** One recognize call may take this long (ms) before the page fails with TIMEOUT. */
  OCR_TIMEOUT_MS: positiveInt(120_000),
  /** Attempts for a transient failure, with exponential backoff from BACKOFF_MS. */
  JOB_ATTEMPTS: positiveInt(5),
  BACKOFF_MS: positiveInt(2000),
  /**
   * A running job's lock, renewed every half of it. A worker that dies lets it lapse and the
   * job is taken up again (checked as often as this); a job that stalls more than
   * MAX_STALLED times fails and gets its failed record.
   */
  JOB_LOCK_MS: positiveInt(30_000),
  MAX_STALLED: positiveInt(3),
  /** Largest upload accepted, in bytes (default 200 MiB). */
  MAX_FILE_BYTES: positiveInt(200 * 1024 * 1024),
  MAX_PAGES: positiveInt(1000),
  /**
   * Largest page image decoded or rendered, in pixels (default 100 megapixels, an A4 page at
   * about 1,000 dpi). A page above it fails with TOO_LARGE instead of exhausting memory.
   */
  MAX_PAGE_PIXELS: positiveInt(100_000_000),
  /** Largest inflated size of one compressed PDF stream (default 64 MiB): stops decompression bombs. */
  MAX_STREAM_BYTES: positiveInt(64 * 1024 * 1024),
  /** Largest inflated size of all of a PDF's streams together (default 1 GiB). */
  MAX_TOTAL_STREAM_BYTES: positiveInt(1024 * 1024 * 1024),
  /** A file is taken once its size has not changed for this long, in milliseconds. */
  WATCH_STABLE_MS: positiveInt(1000),
  /** Polling instead of inotify (network and container mounts). */
  WATCH_POLL: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Dashboard: loopback only unless a token is set (see loadConfig). */
  DASHBOARD_HOST: z.string().min(1).default('127.0.0.1'),
  DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DASHBOARD_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** PostgreSQL sink: records and facts tables, when set. */
  DATABASE_URL: z.string().url().optional(),
  /** S3-compatible upload bucket (and artifact store), when S3_BUCKET is set. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(1).optional(),
  S3_PREFIX: z.string().default(''),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  redisUrl: string;
  queuePrefix: string;
  uploadDir: string;
  dataDir: string;
  outputDir: string;
  concurrency: { ingest: number; extract: number; ocr: number; tables: number; normalize: number };
  ocr: { workers: number; timeoutMs: number };
  attempts: number;
  backoffMs: number;
  lockMs: number;
  maxStalled: number;
  limits: Limits;
  watch: { stableMs: number; poll: boolean };
  dashboard: { host: string; port: number; token: string | undefined };
  databaseUrl: string | undefined;
  s3:
    | {
        endpoint: string | undefined;
        region: string;
        bucket: string;
        prefix: string;
        accessKeyId: string;
        secretAccessKey: string;
      }
    | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Rules that involve several variables at once. */
function crossFieldProblems(e: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  if (!LOOPBACK.has(e.DASHBOARD_HOST) && !e.DASHBOARD_TOKEN) {
    problems.push('DASHBOARD_HOST: binding beyond loopback requires DASHBOARD_TOKEN');
  }
  if (e.S3_BUCKET && (!e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY)) {
    problems.push('S3_BUCKET: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are required with it');
  }
  return problems;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** Parses an environment (process.env by default). Throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "not set", as they do in .env files and compose files.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems = crossFieldProblems(e);
  if (problems.length) throw new ConfigError(problems);
  return {
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    uploadDir: path.resolve(e.UPLOAD_DIR),
    dataDir: path.resolve(e.DATA_DIR),
    outputDir: path.resolve(e.OUTPUT_DIR),
    concurrency: {
      ingest: e.INGEST_CONCURRENCY,
      extract: e.EXTRACT_CONCURRENCY,
      ocr: e.OCR_CONCURRENCY,
      tables: e.TABLES_CONCURRENCY,
      normalize: e.NORMALIZE_CONCURRENCY,
    },
    ocr: { workers: e.OCR_WORKERS, timeoutMs: e.OCR_TIMEOUT_MS },
    attempts: e.JOB_ATTEMPTS,
    backoffMs: e.BACKOFF_MS,
    lockMs: e.JOB_LOCK_MS,
    maxStalled: e.MAX_STALLED,
    limits: {
      maxFileBytes: e.MAX_FILE_BYTES,
      maxPages: e.MAX_PAGES,
      maxPagePixels: e.MAX_PAGE_PIXELS,
      maxStreamBytes: e.MAX_STREAM_BYTES,
      maxTotalStreamBytes: e.MAX_TOTAL_STREAM_BYTES,
    },
    watch: { stableMs: e.WATCH_STABLE_MS, poll: e.WATCH_POLL },
    dashboard: { host: e.DASHBOARD_HOST, port: e.DASHBOARD_PORT, token: e.DASHBOARD_TOKEN },
    databaseUrl: e.DATABASE_URL,
    s3:
      e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? {
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET,
            prefix: e.S3_PREFIX,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          }
        : undefined,
    logLevel: e.LOG_LEVEL,
  };
}
