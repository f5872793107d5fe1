/**
 * Growth: one document of 10, 50 and 200 pages (--quick: 5, 10, 20) (the corpus's text pages repeated, joined with
 * pdfunite) through `nianbao convert`: the time per page should not grow with the length.
 */
import fs from 'node:fs';
import path from 'node:path';
import { allPages, unitePages, type PageRef } from '../corpus.js';
import { nianbao, sectionDir, type BenchContext } from '../context.js';
import { progress } from '../proc.js';
import { fmt, row, textRow, type Row, type SectionResult } from '../report.js';
import { linearFit, summarize } from '../stats.js';

export async function growthSection(ctx: BenchContext): Promise<SectionResult> {
  if (!ctx.peers.has('poppler-utils')) {
    return {
      name: 'growth',
      title: 'growth',
      rows: [textRow('growth', 'skipped (no pdfunite)')],
      targets: [],
      notes: [],
      raw: null,
    };
  }
  const sizes = ctx.quick ? [5, 10, 20] : [10, 50, 200];
  const dir = sectionDir(ctx, 'growth');
  fs.mkdirSync(dir, { recursive: true });
  const pages = allPages(ctx.docs);
  const files = new Map<number, string>();
  for (const n of sizes) {
    const picked: PageRef[] = Array.from({ length: n }, (_, i) => pages[i % pages.length]!);
    const file = path.join(dir, `report-${n}p.pdf`);
    await unitePages(picked, 'textPdf', file, path.join(dir, 'split'));
    files.set(n, file);
  }

  const times = sizes.map(() => [] as number[]);
  const cpus = sizes.map(() => [] as number[]);
  for (let rep = 1; rep <= ctx.reps; rep++) {
    for (const [i, n] of sizes.entries()) {
      progress(`growth ${rep}/${ctx.reps}: convert a ${n}-page PDF`);
      const r = await nianbao(['convert', '--out', path.join(dir, 'out'), files.get(n)!]);
      if (r.code !== 0) throw new Error(`convert failed on ${n} pages: ${r.stderr.slice(-1500)}`);
      times[i]!.push(r.wallS);
      cpus[i]!.push(r.cpuS);
    }
  }

  const medians = times.map((t) => summarize(t)!.median);
  const fit = linearFit(sizes, medians);
  const rows: Row[] = sizes.flatMap((n, i) => [
    row(`convert, ${n}-page PDF`, 's', times[i]!),
    row(
      `convert, ${n}-page PDF, per page`,
      's/page',
      times[i]!.map((t) => t / n),
    ),
  ]);
  // Marginal cost per page of the upper interval over that of the lower one: 1 when the cost
  // is linear, whatever the fixed start-up cost.
  const [a, b, c] = sizes as [number, number, number];
  const marginalOf = (t: number[][]): number[] =>
    t[2]!.map((tc, r) => (tc - t[1]![r]!) / (c - b) / ((t[1]![r]! - t[0]![r]!) / (b - a)));
  const marginal = marginalOf(cpus);
  rows.push(
    row(`CPU per added page, ${b}→${c} ÷ ${a}→${b} pages`, '×', marginal),
    row(`time per added page, ${b}→${c} ÷ ${a}→${b} pages`, '×', marginalOf(times)),
    row('linear fit: seconds per added page', 's/page', [fit.slope]),
    row('linear fit: fixed cost (start-up)', 's', [fit.intercept]),
    row('linear fit: R²', '', [fit.r2]),
  );
  const g = summarize(marginal)?.median;
  return {
    name: 'growth',
    title: 'growth',
    rows,
    targets: [
      {
        name: 'cost linear in pages (check)',
        goal: `CPU per added page ${b}→${c} ≤ 1.2× ${a}→${b}`,
        measured: `${fmt(g)}× (R² ${fmt(fit.r2)})`,
        met: g === undefined ? undefined : g <= 1.2,
      },
    ],
    notes: ['the fit is over the medians; a fixed cost (node start-up) makes small documents look slower per page.'],
    raw: { sizes, times, cpus },
  };
}
