/**
 * The pipeline as separate processes on a private Redis, the way it is deployed: a watcher and
 * one process per stage (or per group of stages), fed by copying files into UPLOAD_DIR.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cliPath, deletePrefix, repoRoot, uniquePrefix } from '../test/support/env.js';
import { ProcWatch, progress, tail, type ProcSample } from './proc.js';

export interface ClusterProcess {
  /** What the process runs, e.g. 'watcher', 'ocr', 'ingest+extract'. */
  kind: string;
  /** Arguments after `node`: a CLI command or a dist entry point. */
  args: string[];
  env?: Record<string, string>;
}

export interface ProcessReport {
  kind: string;
  /** Peak RSS, KiB. */
  hwmKb: number;
  /** CPU used between the moment the files were dropped and the last record, seconds. */
  busyCpuS: number;
}

export interface BatchReport {
  /** From dropping the files into UPLOAD_DIR to the last record, seconds. */
  wallS: number;
  records: number;
  processes: ProcessReport[];
}

interface Running {
  kind: string;
  child: ChildProcess;
  watch: ProcWatch;
  stderr: () => string;
  ready: Promise<void>;
  exited: Promise<void>;
}

export const cliProcess = (kind: string, stages: string[], env?: Record<string, string>): ClusterProcess => ({
  kind,
  args: [cliPath, 'worker', ...stages],
  ...(env ? { env } : {}),
});

export const watcherProcess = (): ClusterProcess => ({
  kind: 'watcher',
  args: [path.join(repoRoot, 'dist/workers/watcher-main.js')],
});

/** Every stage in its own process (and the watcher), `ocrProcesses` of them for OCR. */
export function processPerStage(ocrProcesses: number, ocrEnv: Record<string, string> = {}): ClusterProcess[] {
  return [
    watcherProcess(),
    cliProcess('ingest', ['ingest']),
    cliProcess('extract', ['extract']),
    ...Array.from({ length: ocrProcesses }, () => cliProcess('ocr', ['ocr'], ocrEnv)),
    cliProcess('tables', ['tables']),
    cliProcess('normalize', ['normalize']),
  ];
}

function records(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.')) : [];
}

/**
 * Starts the processes, waits until each has started its workers, drops `files` into a fresh
 * UPLOAD_DIR and waits for one record per file; then stops everything and cleans up Redis.
 * `warmup` files are read first, untimed (their content must differ from `files`).
 */
export async function runBatch(
  redisUrl: string,
  workDir: string,
  processes: readonly ClusterProcess[],
  files: readonly string[],
  opts: { timeoutMs?: number; env?: Record<string, string>; warmup?: readonly string[] } = {},
): Promise<BatchReport> {
  const prefix = uniquePrefix('bench');
  const dirs = { upload: path.join(workDir, 'uploads'), data: path.join(workDir, 'data'), output: path.join(workDir, 'output') };
  for (const d of Object.values(dirs)) {
    fs.rmSync(d, { recursive: true, force: true });
    fs.mkdirSync(d, { recursive: true });
  }
  const env = {
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    UPLOAD_DIR: dirs.upload,
    DATA_DIR: dirs.data,
    OUTPUT_DIR: dirs.output,
    LOG_LEVEL: 'info',
    // The watcher's settle time is not what is measured here.
    WATCH_STABLE_MS: '200',
    ...opts.env,
  };
  const running = processes.map((p) => start(p, { ...env, ...p.env }));
  try {
    await Promise.all(running.map((r) => r.ready));
    const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
    const waitForRecords = async (n: number): Promise<void> => {
      while (records(dirs.output).length < n) {
        if (Date.now() > deadline) throw new Error(`batch timed out with ${records(dirs.output).length}/${n} records`);
        const dead = running.find((r) => r.child.exitCode !== null);
        if (dead) throw new Error(`${dead.kind} process exited with ${dead.child.exitCode}: ${dead.stderr().slice(-1500)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const warmup = opts.warmup ?? [];
    for (const f of warmup) fs.copyFileSync(f, path.join(dirs.upload, `warmup-${path.basename(f)}`));
    await waitForRecords(warmup.length);
    const cpuAtStart = running.map((r) => (r.watch.sample(), r.watch.last?.cpuS ?? 0));
    const t0 = performance.now();
    for (const f of files) fs.copyFileSync(f, path.join(dirs.upload, path.basename(f)));
    await waitForRecords(warmup.length + files.length);
    const wallS = (performance.now() - t0) / 1000;
    const processReports = running.map((r, i) => {
      const s: ProcSample | undefined = r.watch.stop();
      return { kind: r.kind, hwmKb: s?.hwmKb ?? NaN, busyCpuS: (s?.cpuS ?? NaN) - cpuAtStart[i]! };
    });
    return { wallS, records: records(dirs.output).length, processes: processReports };
  } finally {
    await Promise.all(running.map((r) => stop(r)));
    await deletePrefix(redisUrl, prefix).catch(() => undefined);
    fs.rmSync(dirs.data, { recursive: true, force: true });
  }
}

function start(p: ClusterProcess, env: Record<string, string>): Running {
  const child = spawn(process.execPath, p.args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = tail(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${p.kind} did not start within 120 s: ${stderr().slice(-1500)}`)), 120_000);
    const onData = (d: Buffer): void => {
      if (d.toString('utf8').includes('"pipeline started"') || stderr().includes('"pipeline started"')) {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${p.kind} exited with ${child.exitCode} while starting: ${stderr().slice(-1500)}`));
    });
  });
  ready.catch(() => undefined);
  return { kind: p.kind, child, watch: new ProcWatch(child.pid!), stderr, ready, exited };
}

async function stop(r: Running): Promise<void> {
  r.watch.stop();
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  r.child.kill('SIGTERM');
  const killed = await Promise.race([
    r.exited.then(() => true),
    new Promise<boolean>((res) => setTimeout(() => res(false), 30_000)),
  ]);
  if (!killed) {
    progress(`${r.kind} (pid ${r.child.pid}) did not stop on SIGTERM; killing it`);
    r.child.kill('SIGKILL');
    await r.exited;
  }
}
