/** What every section gets: options, the corpus, the peers, a work folder and a Redis. */
import path from 'node:path';
import { cliPath } from '../test/support/env.js';
import type { CorpusDoc } from './corpus.js';
import type { Peers } from './peers.js';
import { timed, type Timed } from './proc.js';

export interface BenchContext {
  reps: number;
  quick: boolean;
  /** Cores of this machine: one tesseract process (or worker) per core. */
  cores: number;
  /** Scratch folder for this run. */
  work: string;
  docs: CorpusDoc[];
  peers: Peers;
  /** A private redis-server, started on first use. */
  redisUrl(): Promise<string>;
  /** Peak RSS (KiB) per worker kind, gathered by the sections that run the processes. */
  peaks: Map<string, number[]>;
  /** Pages the OCR memory loop reads (RSS is read after 1, 50 and this many). */
  memoryPages: number;
}

export function sectionDir(ctx: BenchContext, name: string): string {
  return path.join(ctx.work, name);
}

/** `nianbao <args>` under GNU time (stdout discarded, logs at warn). */
export function nianbao(args: readonly string[], env: Record<string, string> = {}): Promise<Timed> {
  return timed(process.execPath, [cliPath, ...args], { env: { LOG_LEVEL: 'warn', ...env } });
}

export function addPeak(ctx: BenchContext, kind: string, kb: number): void {
  if (!Number.isFinite(kb)) return;
  const list = ctx.peaks.get(kind) ?? [];
  list.push(kb);
  ctx.peaks.set(kind, list);
}
