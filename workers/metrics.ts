/**
 * Prometheus metrics of this process. Counters and the duration histogram are filled by the
 * stage wrapper and the handlers as jobs run; queue depths are read from Redis on each scrape,
 * so they are the same whichever process serves them.
 *
 * Metrics are kept only by a process that serves them: the dashboard turns them on
 * (`enableMetrics`), and `nianbao run` does so before its workers start when it serves the
 * dashboard. A worker-only process, or `run --exit-when-idle`, counts nothing and does not
 * load prom-client or its default collectors.
 */
import type { Request, Response } from 'express';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WorkerContext } from './context.js';
import { STAGES, type Stage } from './jobs.js';

/** Job states reported per queue (BullMQ's names). */
const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

export type PageMethod = 'text' | 'ocr' | 'html';

interface Metrics {
  registry: Registry;
  queueJobs: Gauge<'stage' | 'state'>;
  jobDuration: Histogram<'stage'>;
  pagesTotal: Counter<'method'>;
  failuresTotal: Counter<'stage' | 'code'>;
}

let metrics: Metrics | undefined;
let loading: Promise<Metrics> | undefined;

/** Starts keeping this process's metrics (once); what happened before is not counted. */
export function enableMetrics(): Promise<Metrics> {
  loading ??= import('prom-client').then(({ Counter, Gauge, Histogram, Registry, collectDefaultMetrics }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const registers = [registry];
    metrics = {
      registry,
      queueJobs: new Gauge({
        name: 'nianbao_queue_jobs',
        help: 'Jobs in each stage queue, by state (read from Redis at scrape time)',
        labelNames: ['stage', 'state'] as const,
        registers,
      }),
      jobDuration: new Histogram({
        name: 'nianbao_job_duration_seconds',
        help: 'Time a stage job took to run, in seconds, successful or not',
        labelNames: ['stage'] as const,
        // From a small HTML page (tens of ms) to a long scanned PDF through OCR (minutes).
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 180, 600],
        registers,
      }),
      pagesTotal: new Counter({
        name: 'nianbao_pages_total',
        help: 'Pages read, by how their text was obtained',
        labelNames: ['method'] as const,
        registers,
      }),
      failuresTotal: new Counter({
        name: 'nianbao_failures_total',
        help: 'Failed job attempts, by stage and error code',
        labelNames: ['stage', 'code'] as const,
        registers,
      }),
    };
    return metrics;
  });
  return loading;
}

export function observeJob(stage: Stage, seconds: number): void {
  metrics?.jobDuration.observe({ stage }, seconds);
}

export function countPages(method: PageMethod, n: number): void {
  if (n > 0) metrics?.pagesTotal.inc({ method }, n);
}

export function countFailure(stage: Stage, code: string): void {
  metrics?.failuresTotal.inc({ stage, code });
}

/** Reads every queue's job counts into the gauge. */
async function collectQueueDepths(ctx: WorkerContext, m: Metrics): Promise<void> {
  await Promise.all(
    STAGES.map(async (stage) => {
      const counts = await ctx.queues[stage].getJobCounts(...STATES);
      for (const state of STATES) m.queueJobs.set({ stage, state }, counts[state] ?? 0);
    }),
  );
}

/** GET /metrics in the Prometheus text format, with the queue depths read now. */
export function metricsHandler(ctx: WorkerContext): (req: Request, res: Response) => Promise<void> {
  return async (_req, res) => {
    const m = await enableMetrics();
    await collectQueueDepths(ctx, m);
    res.type(m.registry.contentType).send(await m.registry.metrics());
  };
}
