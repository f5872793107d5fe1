/**
 * Prometheus metrics of this process. Counters and the duration histogram are filled by the
 * stage wrapper and the handlers as jobs run; queue depths are read from Redis on each scrape,
 * so they are the same whichever process serves them.
 *
 * Counters live in the process that runs the jobs: under `nianbao run` that is the dashboard's
 * process; a worker-only process would need its own /metrics listener to expose them.
 */
import type { Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { WorkerContext } from './context.js';
import { STAGES, type Stage } from './jobs.js';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Job states reported per queue (BullMQ's names). */
const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

const queueJobs = new Gauge({
  name: 'nianbao_queue_jobs',
  help: 'Jobs in each stage queue, by state (read from Redis at scrape time)',
  labelNames: ['stage', 'state'] as const,
  registers: [metricsRegistry],
});

const jobDuration = new Histogram({
  name: 'nianbao_job_duration_seconds',
  help: 'Time a stage job took to run, in seconds, successful or not',
  labelNames: ['stage'] as const,
  // From a small HTML page (tens of ms) to a long scanned PDF through OCR (minutes).
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 180, 600],
  registers: [metricsRegistry],
});

const pagesTotal = new Counter({
  name: 'nianbao_pages_total',
  help: 'Pages read, by how their text was obtained',
  labelNames: ['method'] as const,
  registers: [metricsRegistry],
});

const failuresTotal = new Counter({
  name: 'nianbao_failures_total',
  help: 'Failed job attempts, by stage and error code',
  labelNames: ['stage', 'code'] as const,
  registers: [metricsRegistry],
});

export type PageMethod = 'text' | 'ocr' | 'html';

export function observeJob(stage: Stage, seconds: number): void {
  jobDuration.observe({ stage }, seconds);
}

export function countPages(method: PageMethod, n: number): void {
  if (n > 0) pagesTotal.inc({ method }, n);
}

export function countFailure(stage: Stage, code: string): void {
  failuresTotal.inc({ stage, code });
}

/** Reads every queue's job counts into the gauge. */
async function collectQueueDepths(ctx: WorkerContext): Promise<void> {
  await Promise.all(
    STAGES.map(async (stage) => {
      const counts = await ctx.queues[stage].getJobCounts(...STATES);
      for (const state of STATES) queueJobs.set({ stage, state }, counts[state] ?? 0);
    }),
  );
}

/** GET /metrics in the Prometheus text format. */
export function metricsHandler(ctx: WorkerContext): (req: Request, res: Response) => Promise<void> {
  return async (_req, res) => {
    await collectQueueDepths(ctx);
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  };
}
