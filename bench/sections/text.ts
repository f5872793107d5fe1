/**
 * Text path: `nianbao convert` against `pdftotext -layout` on the same text PDFs, one process
 * per file for pdftotext (there is no other way to run it) and one `convert` for all files;
 * both single-threaded, both timed from process start. Also web pages per second.
 */
import fs from 'node:fs';
import path from 'node:path';
import { nianbao, sectionDir, type BenchContext } from '../context.js';
import { progress, timed } from '../proc.js';
import { row, fmt, textRow, type SectionResult } from '../report.js';
import { ratios, summarize } from '../stats.js';

export async function textSection(ctx: BenchContext): Promise<SectionResult> {
  const docs = ctx.quick ? ctx.docs.slice(0, 3) : ctx.docs;
  const pdfs = docs.map((d) => d.textPdf);
  const htmls = docs.map((d) => d.html);
  const pages = docs.reduce((s, d) => s + d.pages, 0);
  const dir = sectionDir(ctx, 'text');
  const hasPoppler = ctx.peers.has('poppler-utils');
  const raw = {
    pages,
    webPages: htmls.length,
    ours: [] as number[],
    oursCpu: [] as number[],
    peer: [] as number[],
    peerCpu: [] as number[],
    html: [] as number[],
    startup: [] as number[],
  };

  for (let rep = 1; rep <= ctx.reps; rep++) {
    progress(
      `text ${rep}/${ctx.reps}: pdftotext, convert (${pdfs.length} PDFs, ${pages} pages), convert (${htmls.length} web pages)`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    if (hasPoppler) {
      let wall = 0;
      let cpu = 0;
      for (const f of pdfs) {
        const r = await timed('pdftotext', ['-layout', f, path.join(dir, `${path.basename(f)}.txt`)]);
        if (r.code !== 0) throw new Error(`pdftotext failed on ${f}: ${r.stderr}`);
        wall += r.wallS;
        cpu += r.cpuS;
      }
      raw.peer.push(wall);
      raw.peerCpu.push(cpu);
    }
    const ours = await nianbao(['convert', '--out', path.join(dir, 'pdf'), ...pdfs]);
    if (ours.code !== 0) throw new Error(`nianbao convert failed: ${ours.stderr.slice(-1500)}`);
    raw.ours.push(ours.wallS);
    raw.oursCpu.push(ours.cpuS);
    const html = await nianbao(['convert', '--out', path.join(dir, 'html'), ...htmls]);
    if (html.code !== 0) throw new Error(`nianbao convert failed: ${html.stderr.slice(-1500)}`);
    raw.html.push(html.wallS);
    raw.startup.push((await nianbao(['schema'])).wallS);
  }

  const perSecond = (times: number[], n: number): number[] => times.map((t) => n / t);
  const timeRatio = ratios(raw.ours, raw.peer);
  const rows = [
    row(`nianbao convert, ${pdfs.length} text PDFs`, 'pages/s', perSecond(raw.ours, pages)),
    hasPoppler
      ? row('pdftotext -layout, same PDFs', 'pages/s', perSecond(raw.peer, pages))
      : textRow('pdftotext -layout', 'skipped'),
    row('time ratio convert ÷ pdftotext (wall)', '×', timeRatio),
    row('CPU ratio convert ÷ pdftotext', '×', ratios(raw.oursCpu, raw.peerCpu)),
    row(`nianbao convert, ${htmls.length} web pages`, 'pages/s', perSecond(raw.html, htmls.length)),
    row('node start-up (nianbao schema)', 's', raw.startup),
  ];
  const median = summarize(timeRatio)?.median;
  return {
    name: 'text',
    title: 'text',
    rows,
    targets: [
      {
        name: 'text path vs pdftotext',
        goal: '≤ 3× its time',
        measured: `${fmt(median)}×`,
        met: median === undefined ? undefined : median <= 3,
      },
    ],
    notes: [
      'convert does the whole job (tables, normalization, schema validation, record written); pdftotext only prints text. Both times include process start-up.',
    ],
    raw,
  };
}
