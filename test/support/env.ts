/** Helpers shared by the integration and accuracy tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');
export const hasCorpus = fs.existsSync(corpusDir);
export const cliPath = path.join(repoRoot, 'bin/nianbao.mjs');

/** A key prefix no other test run uses. */
export function uniquePrefix(label: string): string {
  return `nbtest-${label}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under a prefix (what a test run leaves in Redis). */
export async function deletePrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nianbao-${label}-`));
}

/** Corpus source files of the given variants, e.g. ['text.pdf', 'html']. */
export function corpusFiles(variants: string[]): string[] {
  if (!hasCorpus) return [];
  return fs
    .readdirSync(corpusDir)
    .sort()
    .flatMap((doc) => variants.map((v) => path.join(corpusDir, doc, `${doc}.${v}`)))
    .filter((f) => fs.existsSync(f));
}

export function readRecords(dir: string): Array<Record<string, any>> {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, any>);
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Spawned {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts the nianbao CLI with the given arguments and environment. */
export function spawnCli(args: string[], env: Record<string, string>): Spawned {
  return spawnNode([cliPath, ...args], env);
}

/** Starts a compiled entry point, e.g. `dist/workers/extract-worker.js`. */
export function spawnEntry(relPath: string, env: Record<string, string>): Spawned {
  return spawnNode([path.join(repoRoot, relPath)], env);
}

function spawnNode(args: string[], env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, args, {
    // Port 0: tests run side by side, and each dashboard gets a free port.
    env: { ...process.env, LOG_LEVEL: 'info', DASHBOARD_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => err, exited };
}

/** Runs the shared grader over a folder of records and returns its summary figures. */
export function parseGraderSummary(output: string): {
  line: string;
  facts: number;
  precision: number;
  meta: number;
  silent: number;
} {
  const line = output.trim().split('\n').pop() ?? '';
  const m = /facts \d+\/\d+ \(([\d.]+)%\) precision ([\d.]+)% meta \d+\/\d+ \(([\d.]+)%\) silent (\d+)/.exec(line);
  if (!m) throw new Error(`unexpected grader output: ${output}`);
  return { line, facts: Number(m[1]), precision: Number(m[2]), meta: Number(m[3]), silent: Number(m[4]) };
}
