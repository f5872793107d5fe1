/**
 * `nianbao run`: the watcher and a worker for every stage in one process, for local use.
 * In a deployment each stage runs as its own process (workers/<stage>.ts), scaled apart.
 */
import type { Worker } from 'bullmq';
import type { Config } from '../src/config.js';
import { sweepTempFiles } from '../src/record/write.js';
import { createContext, type WorkerContext } from './context.js';
import type { Dashboard } from './dashboard/index.js';
import { HANDLERS } from './handlers.js';
import { STAGES, type Stage } from './jobs.js';
import { enableMetrics } from './metrics.js';
import { startStageWorker } from './stage-worker.js';
import { watchUploads, type UploadWatcher } from './watcher.js';

/** Delay of the second, confirming check that the queues are idle. */
const CONFIRM_MS = 25;

export interface Running {
  ctx: WorkerContext;
  workers: Worker[];
  watcher: UploadWatcher | undefined;
  dashboard: Dashboard | undefined;
  /** Resolves when nothing is queued, running or waiting to be queued. */
  idle(pollMs?: number): Promise<void>;
  /** Finishes active jobs, then closes every connection. */
  stop(): Promise<void>;
}

export function startStage(ctx: WorkerContext, stage: Stage): Worker {
  // Each Worker is typed by its stage; the map of handlers pairs them up.
  return startStageWorker(stage, HANDLERS[stage] as never, ctx, ctx.config.concurrency[stage]);
}

/** The upload bucket when S3 is configured (uploads under `<S3_PREFIX>uploads/`), else the folder. */
export async function startWatcher(ctx: WorkerContext): Promise<UploadWatcher> {
  const { s3, watch } = ctx.config;
  if (!s3 || !ctx.s3) return watchUploads(ctx);
  const { watchBucket } = await import('./bucket-watcher.js');
  return watchBucket(ctx, { client: ctx.s3, bucket: s3.bucket, prefix: `${s3.prefix}uploads/`, intervalMs: watch.stableMs });
}

export async function startPipeline(
  config: Config,
  opts: { stages?: readonly Stage[]; watch?: boolean; dashboard?: boolean } = {},
): Promise<Running> {
  const ctx = await createContext(config);
  await sweepTempFiles(config.outputDir);
  // Metrics are kept where they are served: turned on before the first job can finish.
  if (opts.dashboard) await enableMetrics();
  const workers = (opts.stages ?? STAGES).map((s) => startStage(ctx, s));
  const watcher = opts.watch === false ? undefined : await startWatcher(ctx);
  if (watcher) await watcher.ready;
  // The dashboard (Express, Bull Board) is loaded only when it is served.
  const dashboard = opts.dashboard ? await (await import('./dashboard/index.js')).startDashboard(ctx) : undefined;
  if (dashboard) ctx.log.info({ url: dashboard.url }, 'dashboard listening');
  ctx.log.info(
    {
      stages: opts.stages ?? STAGES,
      uploads: watcher ? (config.s3 ? `s3://${config.s3.bucket}/${config.s3.prefix}uploads/` : config.uploadDir) : undefined,
      outputDir: config.outputDir,
    },
    'pipeline started',
  );

  const busy = async (): Promise<boolean> => {
    if (watcher && (watcher.pending() > 0 || Date.now() - watcher.lastActivity() < watcher.quietMs)) return true;
    for (const q of Object.values(ctx.queues)) {
      const counts = await q.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
      if (Object.values(counts).some((n) => n > 0)) return true;
    }
    return false;
  };

  return {
    ctx,
    workers,
    watcher,
    dashboard,
    async idle(pollMs = 100) {
      // Two quiet checks in a row, with no job finishing in between: a job can move between
      // queues between two count calls. A job finishing in this process wakes the check at
      // once, so that the run ends right after its last job rather than on the next poll.
      let finished = 0;
      let wake: (() => void) | undefined;
      const onFinished = (): void => {
        finished++;
        wake?.();
      };
      for (const w of workers) w.on('completed', onFinished).on('failed', onFinished);
      try {
        let quiet = 0;
        let seen = 0;
        while (quiet < 2) {
          await new Promise<void>((resolve) => {
            if (finished !== seen) return resolve();
            const timer = setTimeout(resolve, quiet === 0 ? pollMs : CONFIRM_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
          const fresh = finished !== seen;
          seen = finished;
          quiet = (await busy()) ? 0 : fresh ? 1 : quiet + 1;
        }
      } finally {
        for (const w of workers) w.off('completed', onFinished).off('failed', onFinished);
      }
    },
    async stop() {
      await dashboard?.close();
      await watcher?.close();
      await Promise.all(workers.map((w) => w.close()));
      await ctx.close();
    },
  };
}
