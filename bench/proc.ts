/** Running commands and measuring them: wall time, CPU time, peak RSS. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Timed {
  /** Wall time from spawn to exit, seconds. */
  wallS: number;
  /** User + system CPU of the command and the children it waited for, seconds (NaN without GNU time). */
  cpuS: number;
  /** Peak RSS of the largest process of the command, KiB (NaN without GNU time). */
  maxRssKb: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Keep stdout (default: discarded). */
  captureStdout?: boolean;
}

const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = (): boolean => spawnSync(GNU_TIME, ['--version'], { stdio: 'ignore' }).status === 0;

/** Runs one command under GNU time; resolves (never rejects) once it has exited. */
export function timed(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<Timed> {
  const timeFile = path.join(os.tmpdir(), `nianbao-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const useTime = hasGnuTimeCached();
  const [file, argv] = useTime ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, cmd, ...args]] : [cmd, [...args]];
  const start = performance.now();
  const child = spawn(file, argv, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', opts.captureStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  const out: Buffer[] = [];
  const err = tail(child);
  child.stdout?.on('data', (d: Buffer) => out.push(d));
  return new Promise((resolve) => {
    const finish = (code: number | null): void => {
      const wallS = (performance.now() - start) / 1000;
      let cpuS = NaN;
      let maxRssKb = NaN;
      if (useTime && fs.existsSync(timeFile)) {
        // GNU time writes "Command exited with non-zero status N" before the format line.
        const last = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
        const [u, s, m] = last.split(' ').map(Number);
        if (u !== undefined && s !== undefined) cpuS = u + s;
        if (m !== undefined) maxRssKb = m;
        fs.rmSync(timeFile, { force: true });
      }
      resolve({ wallS, cpuS, maxRssKb, code, stdout: Buffer.concat(out).toString('utf8'), stderr: err() });
    };
    child.once('error', () => finish(-1));
    child.once('exit', (code) => finish(code));
  });
}

let gnuTime: boolean | undefined;
function hasGnuTimeCached(): boolean {
  return (gnuTime ??= hasGnuTime());
}

/** Like `timed`, but a non-zero exit is an error that quotes the end of stderr. */
export async function mustRun(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<Timed> {
  const r = await timed(cmd, args, opts);
  if (r.code !== 0)
    throw new Error(`${path.basename(cmd)} ${args.slice(0, 3).join(' ')} … exited with ${r.code}: ${r.stderr.slice(-1500)}`);
  return r;
}

/** Runs the tasks with at most `concurrency` of them at once; results in task order. */
export async function pool<T>(tasks: ReadonlyArray<() => Promise<T>>, concurrency: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, lane));
  return results;
}

/** The last 64 KiB of a child's stderr, for error messages. */
export function tail(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.on('data', (d: Buffer) => {
    text = (text + d.toString('utf8')).slice(-65536);
  });
  return () => text;
}

export interface ProcSample {
  /** Resident set now, KiB. */
  rssKb: number;
  /** Peak resident set so far (the kernel's high-water mark), KiB. */
  hwmKb: number;
  /** User + system CPU so far, seconds. */
  cpuS: number;
}

const CLOCK_TICKS = 100;

/** RSS and CPU of a live process from /proc; undefined once it has gone. */
export function procSample(pid: number): ProcSample | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    // Fields after the command name (which may hold spaces): utime and stime are 14th and 15th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuS = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM'), cpuS };
  } catch {
    return undefined;
  }
}

/** Samples a process every `everyMs` and keeps the last reading (VmHWM only grows). */
export class ProcWatch {
  last: ProcSample | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly pid: number,
    everyMs = 200,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  sample(): void {
    const s = procSample(this.pid);
    if (s) this.last = s;
  }

  stop(): ProcSample | undefined {
    this.sample();
    clearInterval(this.timer);
    return this.last;
  }
}

export function loadAverage(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = os.loadavg();
  return [round(a, 2), round(b, 2), round(c, 2)];
}

export function round(v: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Progress on stderr (stdout carries the table). */
export function progress(message: string): void {
  const t = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${t}] ${message}\n`);
}
