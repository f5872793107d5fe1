/**
 * `npm run bench`: nianbao against the tools people would otherwise use, and against itself
 * at scale. Prints a markdown table on stdout and writes bench/results.json; progress goes to
 * stderr. Not a test: nothing here fails on a missed target.
 *
 *   npm run bench                                  every section, 3 repetitions (~30 min on 2 cores)
 *   npm run bench -- --quick                       a small subset, 1 repetition (~3 min)
 *   npm run bench -- --only ocr,scaling --reps 5   some sections
 *   npm run bench -- --memory-pages 200            pages for the OCR RSS loop (default 200)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../test/support/env.js';
import { TestRedisServer } from '../test/support/redis-server.js';
import type { BenchContext } from './context.js';
import { corpusDir, corpusDocs } from './corpus.js';
import { ensurePeers, type PeerPackage } from './peers.js';
import { loadAverage, progress } from './proc.js';
import { markdown, writeResults, type BenchMeta, type SectionResult } from './report.js';
import { growthSection } from './sections/growth.js';
import { memorySection } from './sections/memory.js';
import { ocrSection } from './sections/ocr.js';
import { queueSection } from './sections/queue.js';
import { scalingSection } from './sections/scaling.js';
import { textSection } from './sections/text.js';

const SECTIONS = {
  text: textSection,
  ocr: ocrSection,
  queue: queueSection,
  scaling: scalingSection,
  memory: memorySection,
  growth: growthSection,
} as const satisfies Record<string, (ctx: BenchContext) => Promise<SectionResult>>;
type SectionName = keyof typeof SECTIONS;

const PEERS_OF: Record<SectionName, PeerPackage[]> = {
  text: ['poppler-utils', 'time'],
  ocr: ['poppler-utils', 'tesseract-ocr', 'tesseract-ocr-chi-sim', 'ocrmypdf', 'time'],
  queue: ['redis-server', 'time'],
  scaling: ['redis-server', 'tesseract-ocr', 'tesseract-ocr-chi-sim', 'time'],
  memory: ['redis-server'],
  growth: ['poppler-utils', 'time'],
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      reps: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'memory-pages': { type: 'string' },
      corpus: { type: 'string', default: process.env.NIANBAO_CORPUS ?? corpusDir },
      out: { type: 'string', default: path.join(repoRoot, 'bench/results.json') },
      keep: { type: 'boolean', default: false },
    },
  });
  const names = (values.only?.split(',').map((s) => s.trim()) ?? Object.keys(SECTIONS)) as SectionName[];
  const unknown = names.filter((n) => !(n in SECTIONS));
  if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(', ')}; sections: ${Object.keys(SECTIONS).join(', ')}`);
  const quick = values.quick;
  const reps = Math.max(1, Number(values.reps ?? (quick ? 1 : 3)));
  if (!fs.existsSync(path.join(repoRoot, 'dist/cli/main.js'))) throw new Error('build first: npm run build');

  const startedAt = new Date();
  const loadStart = loadAverage();
  const peers = ensurePeers([...new Set(names.flatMap((n) => PEERS_OF[n]))]);
  for (const n of peers.notes) progress(n);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-'));
  let redis: Promise<TestRedisServer> | undefined;
  const ctx: BenchContext = {
    reps,
    quick,
    cores: os.availableParallelism(),
    work,
    docs: corpusDocs(values.corpus),
    peers,
    redisUrl: async () => {
      if (!peers.has('redis-server')) throw new Error('redis-server is not installed');
      return (await (redis ??= TestRedisServer.start())).url;
    },
    peaks: new Map(),
    memoryPages: Number(values['memory-pages'] ?? (quick ? 4 : 200)),
  };
  progress(`${names.join(', ')}: ${reps} repetition(s), ${ctx.docs.length} corpus documents, work folder ${work}`);

  const results: SectionResult[] = [];
  try {
    for (const name of names) {
      const t0 = performance.now();
      try {
        const r = await SECTIONS[name](ctx);
        r.durationS = (performance.now() - t0) / 1000;
        results.push(r);
        progress(`${name} done in ${r.durationS.toFixed(0)} s`);
      } catch (err) {
        // One section that cannot run must not cost the others.
        progress(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        results.push({
          name,
          title: name,
          rows: [{ measure: 'failed', unit: '', stat: undefined, text: String(err).slice(0, 200) }],
          targets: [],
          notes: [],
          raw: null,
        });
      }
    }
  } finally {
    if (redis) await (await redis.catch(() => undefined))?.dispose();
    if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
  }

  const meta: BenchMeta = {
    startedAt: startedAt.toISOString(),
    durationS: (Date.now() - startedAt.getTime()) / 1000,
    reps,
    quick,
    loadStart,
    loadEnd: loadAverage(),
    versions: peers.versions,
    notes: [
      ...(loadStart[0] > ctx.cores
        ? [
            `load average ${loadStart[0]} on ${ctx.cores} cores at the start: other processes were running, so wall times and the scaling ratio are pessimistic; the CPU rows are less affected.`,
          ]
        : []),
      ...peers.notes,
      'Times are wall clock on a shared machine; the CPU rows are less sensitive to other load. See results.json for every repetition.',
    ],
  };
  writeResults(values.out, meta, results);
  process.stdout.write(markdown(meta, results));
  progress(`results written to ${path.relative(process.cwd(), values.out)}`);
}

await main();
