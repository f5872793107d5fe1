/**
 * Memory: peak RSS of every worker kind (each stage in its own process, on text PDFs, web
 * pages and a scanned document; plus whatever the queue and scaling sections ran), and the
 * OCR worker's RSS as pages go by: our OCR stage in a loop over the corpus's scanned pages,
 * in a process of its own with the OCR worker's defaults (OCR_WORKERS=2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../test/support/env.js';
import { processPerStage, runBatch } from '../cluster.js';
import { addPeak, sectionDir, type BenchContext } from '../context.js';
import { allPages } from '../corpus.js';
import type { MemoryResult } from '../ocr-child.js';
import { progress, timed } from '../proc.js';
import { fmt, row, type Row, type SectionResult } from '../report.js';
import { summarize } from '../stats.js';
import { scanBatch } from './scaling.js';

export async function memorySection(ctx: BenchContext): Promise<SectionResult> {
  const redisUrl = await ctx.redisUrl();
  const docs = ctx.quick ? ctx.docs.slice(0, 2) : ctx.docs;
  // --quick leaves OCR out here: the scaling section has the OCR processes' peaks.
  const scans = ctx.quick ? [] : scanBatch(ctx.docs, 2);
  const files = [...docs.map((d) => d.textPdf), ...docs.map((d) => d.html), ...scans.map((d) => d.scanPdf)];
  for (let rep = 1; rep <= ctx.reps; rep++) {
    progress(`memory ${rep}/${ctx.reps}: ${files.length} files through one process per stage`);
    const report = await runBatch(redisUrl, sectionDir(ctx, 'memory'), processPerStage(1), files);
    for (const p of report.processes) addPeak(ctx, p.kind === 'ocr' ? 'ocr (OCR_WORKERS=2)' : p.kind, p.hwmKb);
  }

  const n = ctx.memoryPages;
  const at = [...new Set([1, Math.min(50, Math.max(2, Math.ceil(n / 4))), n])].sort((a, b) => a - b);
  const sources = allPages(ctx.docs).map((p) => `${p.doc.scanPdf}#${p.page}`);
  progress(`memory: OCR RSS over ${n} pages (cycling ${sources.length} corpus scan pages), read after ${at.join(', ')}`);
  const dir = sectionDir(ctx, 'memory');
  fs.mkdirSync(dir, { recursive: true });
  const child = await timed(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'bench/ocr-child.ts'),
      'memory',
      '--workers',
      '2',
      '--pages',
      String(n),
      '--at',
      at.join(','),
      ...sources,
    ],
    { captureStdout: true, cwd: repoRoot },
  );
  if (child.code !== 0) throw new Error(`OCR memory loop failed: ${child.stderr.slice(-1500)}`);
  const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as MemoryResult;

  const rows: Row[] = [...ctx.peaks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, kb]) =>
      row(
        `peak RSS, ${kind}`,
        'MiB',
        kb.map((v) => v / 1024),
      ),
    );
  for (const c of result.checkpoints) rows.push(row(`OCR process RSS after ${c.pages} pages`, 'MiB', [c.rssMb]));
  const mid = result.checkpoints.find((c) => c.pages === at[1]);
  const end = result.checkpoints.find((c) => c.pages === n);
  const growth = mid && end && mid !== end ? [end.rssMb / mid.rssMb] : [];
  rows.push(row(`OCR RSS growth, ${n} ÷ ${at[1]} pages`, '×', growth));
  rows.push(row(`OCR loop, ${n} pages`, 's/page', [result.wallS / result.pages]));
  const g = summarize(growth)?.median;
  return {
    name: 'memory',
    title: 'memory',
    rows,
    targets: [
      {
        name: 'OCR RSS stays flat',
        goal: `RSS at ${n} pages ≤ 1.2× at ${at[1]}`,
        measured: `${fmt(g)}×`,
        met: g === undefined ? undefined : g <= 1.2,
      },
    ],
    notes: [
      'peak RSS is the kernel high-water mark (VmHWM) of each process; the OCR RSS loop runs once (it reads hundreds of pages), the rest once per repetition.',
      ...(result.failedPages > 0 ? [`${result.failedPages} pages of the OCR loop failed`] : []),
    ],
    raw: { peaksKb: Object.fromEntries(ctx.peaks), ocrLoop: result },
  };
}
