/** Running part of the pipeline as a long-lived process, with a clean shutdown on signals. */
import { loadConfig } from '../src/config.js';
import type { Stage } from './jobs.js';
import { startPipeline, type Running } from './run.js';

export async function runUntilSignal(running: Running): Promise<void> {
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      running.ctx.log.info({ signal }, 'shutting down: finishing active jobs');
      running.stop().then(resolve, (err: unknown) => {
        running.ctx.log.error({ err }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}

/** Entry point of a single-stage process (workers/<stage>.ts). */
export async function runStage(stage: Stage): Promise<void> {
  const running = await startPipeline(loadConfig(), { stages: [stage], watch: false });
  await runUntilSignal(running);
}

/** Entry point of the watcher-only process (workers/watcher-main.ts). */
export async function runWatcher(): Promise<void> {
  const running = await startPipeline(loadConfig(), { stages: [], watch: true });
  await runUntilSignal(running);
}
