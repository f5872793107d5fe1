/**
 * The upload folder. A file is taken once its size has stopped changing; it is hashed while
 * it is copied into the artifact store, and queued for ingest under its hash. The original is
 * only read, never moved or changed.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import type { WorkerContext } from './context.js';
import { jobIdFor } from './jobs.js';

/** Files that are still being written by a browser or an editor, or are hidden. */
const IGNORED = /(^|[/\\])\.|\.(part|crdownload|download|tmp|swp)$|~$/i;

export interface UploadWatcher {
  /** Resolves once the files present at start have been seen. */
  ready: Promise<void>;
  /** Files seen but not yet queued. */
  pending(): number;
  /** Time of the last file event or queued upload (ms since the epoch). */
  lastActivity(): number;
  close(): Promise<void>;
}

export function watchUploads(ctx: WorkerContext): UploadWatcher {
  const { uploadDir, watch } = ctx.config;
  const log = ctx.log.child({ component: 'watcher' });
  let inFlight = 0;
  let lastActivity = Date.now();
  const watcher: FSWatcher = chokidar.watch(uploadDir, {
    ignored: (p: string) => p !== uploadDir && IGNORED.test(path.basename(p)),
    ignoreInitial: false,
    usePolling: watch.poll,
    awaitWriteFinish: { stabilityThreshold: watch.stableMs, pollInterval: Math.min(200, watch.stableMs) },
  });

  const take = async (file: string): Promise<void> => {
    inFlight++;
    lastActivity = Date.now();
    try {
      const stored = await ctx.store.putSource(createReadStream(file));
      const name = path.relative(uploadDir, file);
      const receivedAt = new Date().toISOString();
      await ctx.queues.ingest.add(
        'ingest',
        { docId: stored.sha256, sourceKey: stored.key, name, bytes: stored.bytes, receivedAt },
        { jobId: jobIdFor(stored.sha256) },
      );
      log.info({ docId: stored.sha256, name, bytes: stored.bytes }, 'upload queued');
    } catch (err) {
      // A file removed or unreadable between the event and the copy: nothing to queue.
      log.warn({ err: { message: (err as Error).message } }, 'upload not taken');
    } finally {
      inFlight--;
      lastActivity = Date.now();
    }
  };

  watcher.on('add', (file) => void take(file));
  // Changed content is a different document (a different hash); the same content dedupes.
  watcher.on('change', (file) => void take(file));
  watcher.on('error', (err) => log.error({ err }, 'watch error'));
  const ready = new Promise<void>((resolve) =>
    watcher.once('ready', () => {
      lastActivity = Date.now();
      resolve();
    }),
  );
  return { ready, pending: () => inFlight, lastActivity: () => lastActivity, close: () => watcher.close() };
}
