/**
 * The wrapper every stage runs in. It turns our error taxonomy into BullMQ's: a permanent
 * error is an UnrecoverableError (no retry), anything else is retried with backoff. When a
 * document will not be retried again, its failed record is written here, so every document
 * ends with exactly one record.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { NianbaoError, toNianbaoError, userMessage } from '../src/errors.js';
import { failedRecord, type SourceInfo } from '../src/record/build.js';
import type { WorkerContext } from './context.js';
import type { DocJob, JobOf, Stage } from './jobs.js';
import { countFailure, observeJob } from './metrics.js';

export type StageHandler<S extends Stage> = (data: JobOf[S], ctx: WorkerContext, job: Job<JobOf[S]>) => Promise<void>;

export function sourceOf(data: DocJob & { mediaType?: string; pages?: number }): SourceInfo {
  return {
    sha256: data.docId,
    name: data.name,
    mediaType: data.mediaType ?? 'application/octet-stream',
    bytes: data.bytes,
    receivedAt: data.receivedAt,
    ...(data.pages !== undefined ? { pages: data.pages } : {}),
  };
}

async function recordFailure(ctx: WorkerContext, data: DocJob, err: NianbaoError): Promise<void> {
  await ctx.publish(failedRecord(sourceOf(data), err));
  await ctx.registry.update(data.docId, { status: 'failed', errorCode: err.code, errorMessage: userMessage(err) });
}

function isFinalFailure(job: Job): boolean {
  return job.finishedOn !== undefined || job.attemptsMade >= (job.opts.attempts ?? 1);
}

export function startStageWorker<S extends Stage>(
  stage: S,
  handler: StageHandler<S>,
  ctx: WorkerContext,
  concurrency: number,
): Worker<JobOf[S]> {
  const worker = new Worker<JobOf[S]>(
    stage,
    async (job) => {
      const started = performance.now();
      const log = ctx.log.child({ queue: stage, jobId: job.id, docId: job.data.docId });
      log.debug('job started');
      try {
        await handler(job.data, ctx, job);
        log.debug('job done');
      } catch (e) {
        const err = toNianbaoError(e);
        countFailure(stage, err.code);
        const attempts = job.opts.attempts ?? 1;
        const last = !err.retryable || job.attemptsMade + 1 >= attempts;
        log.warn({ err: { code: err.code, message: err.message }, attempt: job.attemptsMade + 1, attempts, last }, 'job failed');
        // A page (OCR) failing for good leaves its document partial, not failed: the tables
        // stage names the missing page.
        if (last && stage !== 'ocr') await recordFailure(ctx, job.data, err);
        if (!err.retryable) throw new UnrecoverableError(`${err.code}: ${err.message}`);
        throw err;
      } finally {
        observeJob(stage, (performance.now() - started) / 1000);
      }
    },
    {
      connection: ctx.connect(),
      prefix: ctx.config.queuePrefix,
      concurrency,
      // The lock is renewed every lockDuration/2 while the job runs; a worker that dies
      // (kill -9, lost machine) lets it lapse and the job is taken up again as stalled.
      lockDuration: ctx.config.lockMs,
      stalledInterval: ctx.config.lockMs,
      maxStalledCount: ctx.config.maxStalled,
    },
  );
  worker.on('error', (err) => ctx.log.error({ err, queue: stage }, 'worker error'));
  // A job that stalled too often is failed by BullMQ without running our wrapper: its
  // document still needs its failed record.
  worker.on('failed', (job, err) => {
    if (!job || stage === 'ocr' || !/stalled/i.test(err.message) || !isFinalFailure(job)) return;
    const failure = new NianbaoError('INTERNAL', `the ${stage} stage was interrupted too often (${err.message})`);
    void recordFailure(ctx, job.data, failure).catch((e: unknown) =>
      ctx.log.error({ err: e, queue: stage }, 'failed record not written'),
    );
  });
  return worker;
}
