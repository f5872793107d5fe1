/**
 * The upload folder. A file is taken once it has settled: last modified at least
 * WATCH_STABLE_MS ago, or unchanged (size and time) over that long, for a file stamped in the
 * future. A file that was already there when the watcher started is usually settled at once.
 * It is hashed while it is copied into the artifact store, and queued for ingest under its
 * hash. The original is only read, never moved or changed.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import type { WorkerContext } from './context.js';
import { jobIdFor } from './jobs.js';

/** Files that are still being written by a browser or an editor, or are hidden. */
const IGNORED = /(^|[/\\])\.|\.(part|crdownload|download|tmp|swp)$|~$/i;

/** How often a polling watcher (WATCH_POLL) looks at the folder and at each file. */
const POLL_INTERVAL_MS = 300;
/**
 * File-system events arrive within milliseconds, and chokidar reports a file after a stat of
 * it; a polling watcher needs up to two rounds to see a new file.
 */
const EVENT_DELAY_MS = 500;

export interface UploadWatcher {
  /** Resolves once the files present at start have been seen. */
  ready: Promise<void>;
  /** Files seen but not yet queued (settling or being copied). */
  pending(): number;
  /** Time of the last file event or queued upload (ms since the epoch). */
  lastActivity(): number;
  /**
   * How long after its last activity this watcher may still come upon a file that is already
   * there (an event on its way, a listing not yet made): until then it is not idle.
   */
  quietMs: number;
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
    interval: POLL_INTERVAL_MS,
    binaryInterval: POLL_INTERVAL_MS,
  });
  /** Files waiting to settle: the event being followed (a newer one replaces it) and its timer. */
  const settling = new Map<string, { event: number; timer?: NodeJS.Timeout }>();
  let events = 0;
  let closed = false;

  const look = async (file: string, event: number, before?: { size: number; mtimeMs: number }): Promise<void> => {
    const st = await stat(file).catch(() => null);
    if (closed || settling.get(file)?.event !== event) return;
    if (!st?.isFile()) {
      settling.delete(file);
      return;
    }
    const age = Date.now() - st.mtimeMs;
    const unchanged = before?.size === st.size && before.mtimeMs === st.mtimeMs;
    if (age >= watch.stableMs || unchanged) {
      settling.delete(file);
      await take(file);
      return;
    }
    const wait = Math.min(watch.stableMs, watch.stableMs - age);
    const timer = setTimeout(() => void look(file, event, { size: st.size, mtimeMs: st.mtimeMs }), wait);
    settling.set(file, { event, timer });
  };
  const seen = (file: string): void => {
    lastActivity = Date.now();
    clearTimeout(settling.get(file)?.timer);
    const event = ++events;
    settling.set(file, { event });
    void look(file, event);
  };

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

  watcher.on('add', seen);
  // Changed content is a different document (a different hash); the same content dedupes.
  watcher.on('change', seen);
  watcher.on('error', (err) => log.error({ err }, 'watch error'));
  const ready = new Promise<void>((resolve) =>
    watcher.once('ready', () => {
      lastActivity = Date.now();
      resolve();
    }),
  );
  return {
    ready,
    pending: () => settling.size + inFlight,
    lastActivity: () => lastActivity,
    quietMs: (watch.poll ? 2 * POLL_INTERVAL_MS : 0) + EVENT_DELAY_MS,
    close: async () => {
      closed = true;
      for (const { timer } of settling.values()) clearTimeout(timer);
      settling.clear();
      await watcher.close();
    },
  };
}
