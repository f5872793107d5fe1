/**
 * OCR path: our OCR stage against the native tesseract CLI and ocrmypdf on the same pages.
 *
 * Fairness to the peers:
 * - Same pixels: each sampled page's embedded scan image (src/ocr pageImage, no resampling)
 *   is written once as a PNG; our stage and tesseract read that PNG. ocrmypdf gets the same
 *   pages as a PDF (its normal input) and rasterizes them itself.
 * - Same model and settings: tesseract and ocrmypdf run the LSTM model our stage runs (the
 *   @tesseract.js-data chi_sim file, unpacked), LSTM only (--oem 1), psm 3, with the two
 *   parameters our engine sets (textord_use_cjk_fp_model 0, tessedit_do_invert 0) and the
 *   page's dpi. A second tesseract row uses Debian's own chi_sim with default settings.
 *   ocrmypdf gets --deskew, as our stage deskews.
 * - Same cores: tesseract gets OMP_THREAD_LIMIT=1 and one process per core (its default
 *   threading is slower on 2 cores); ocrmypdf gets --jobs <cores>; our engine gets one
 *   tesseract.js worker per core. Our engine's start-up is not timed (a worker starts it
 *   once), and our stage is timed warm, on its second reading of the pages (a worker's
 *   WebAssembly is optimized during its first pages; the cold reading is reported beside
 *   it); tesseract loads its model on every page, as the CLI always does.
 * - Our stage reads table cells one by one and the rest of the page with psm 3, so its page
 *   segmentation differs; every engine's text is put in the same reading order (rows top to
 *   bottom, left to right) before the CER is taken against the text PDF's text (pdf.js).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defaultLangPath } from '../../src/ocr/engine.js';
import { repoRoot } from '../../test/support/env.js';
import { allPages, pageId, pdfPageTexts, spreadSample, unitePages, writePageImage, type PageRef } from '../corpus.js';
import { sectionDir, type BenchContext } from '../context.js';
import { bagErrorCount, cerCount, pooledCer, type CerCount } from '../cer.js';
import type { StageResult } from '../ocr-child.js';
import { pool, progress, timed } from '../proc.js';
import { popplerLines, readingOrderText, tesseractTsvLines, type PlacedText } from '../reading-order.js';
import { fmt, row, textRow, type Row, type SectionResult } from '../report.js';
import { ratios, summarize } from '../stats.js';

/** Parameters our engine sets on every tesseract.js worker (src/ocr/engine.ts). */
const ENGINE_PARAMS = { textord_use_cjk_fp_model: '0', tessedit_do_invert: '0' };

interface Engine {
  key: string;
  label: string;
  /** Wall seconds, CPU seconds, pooled CER and order-free error per repetition. */
  wall: number[];
  cpu: number[];
  cer: number[];
  bag: number[];
  /** Our stage's first reading of the pages, on a cold engine (wall, CPU seconds per page). */
  coldWall?: number[];
  coldCpu?: number[];
}

interface Sample extends PageRef {
  id: string;
  png: string;
  dpi: number;
  reference: string;
}

export async function ocrSection(ctx: BenchContext): Promise<SectionResult> {
  const dir = sectionDir(ctx, 'ocr');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'img'), { recursive: true });
  const picked = spreadSample(allPages(ctx.docs), ctx.quick ? 2 : 6);
  progress(`ocr: writing ${picked.length} page images and reference texts`);
  const references = new Map<string, Map<number, PlacedText[]>>();
  const samples: Sample[] = [];
  for (const p of picked) {
    const id = pageId(p);
    const png = path.join(dir, 'img', `${id}.png`);
    const { dpi } = await writePageImage(p, png);
    if (!references.has(p.doc.name)) references.set(p.doc.name, await pdfPageTexts(p.doc.textPdf));
    samples.push({ ...p, id, png, dpi, reference: readingOrderText(references.get(p.doc.name)!.get(p.page) ?? []) });
  }
  const tessdata = path.join(dir, 'tessdata');
  fs.mkdirSync(tessdata, { recursive: true });
  fs.writeFileSync(
    path.join(tessdata, 'chi_sim.traineddata'),
    zlib.gunzipSync(fs.readFileSync(path.join(defaultLangPath('chi_sim'), 'chi_sim.traineddata.gz'))),
  );
  copyTesseractConfigs(tessdata);
  const config = path.join(dir, 'engine-params.cfg');
  fs.writeFileSync(
    config,
    Object.entries(ENGINE_PARAMS)
      .map(([k, v]) => `${k} ${v}\n`)
      .join(''),
  );
  const samplePdf = path.join(dir, 'sample.scan.pdf');
  if (ctx.peers.has('poppler-utils')) await unitePages(picked, 'scanPdf', samplePdf, path.join(dir, 'split'));

  const hasTesseract = ctx.peers.has('tesseract-ocr');
  const engines: Engine[] = [
    {
      key: 'ours',
      label: `our OCR stage (tesseract.js, ${ctx.cores} workers, ${ctx.cores} pages at a time)`,
      wall: [],
      cpu: [],
      cer: [],
      bag: [],
    },
    {
      key: 'ours-1',
      label: 'our OCR stage, 1 page at a time (OCR_CONCURRENCY=1)',
      wall: [],
      cpu: [],
      cer: [],
      bag: [],
    },
    ...(hasTesseract
      ? [{ key: 'tesseract', label: `tesseract CLI, same model, ${ctx.cores} processes`, wall: [], cpu: [], cer: [], bag: [] }]
      : []),
    ...(hasTesseract && ctx.peers.has('tesseract-ocr-chi-sim')
      ? [{ key: 'tesseract-debian', label: "tesseract CLI, Debian's chi_sim, defaults", wall: [], cpu: [], cer: [], bag: [] }]
      : []),
    ...(ctx.peers.has('ocrmypdf') && ctx.peers.has('poppler-utils')
      ? [{ key: 'ocrmypdf', label: `ocrmypdf --sidecar --jobs ${ctx.cores}, same model`, wall: [], cpu: [], cer: [], bag: [] }]
      : []),
  ];
  const run: Record<string, (out: string) => Promise<EngineRun>> = {
    ours: (out) => runOurs(ctx, samples, out, ctx.cores),
    'ours-1': (out) => runOurs(ctx, samples, out, 1),
    tesseract: (out) =>
      runTesseract(ctx, samples, out, [
        '--oem',
        '1',
        '--tessdata-dir',
        tessdata,
        ...Object.entries(ENGINE_PARAMS).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      ]),
    'tesseract-debian': (out) => runTesseract(ctx, samples, out, []),
    ocrmypdf: (out) => runOcrmypdf(ctx, samples, samplePdf, tessdata, config, out),
  };

  for (let rep = 1; rep <= ctx.reps; rep++) {
    for (const e of engines) {
      progress(`ocr ${rep}/${ctx.reps}: ${e.label}, ${samples.length} pages`);
      const out = path.join(dir, `out-${e.key}-${rep}`);
      fs.mkdirSync(out, { recursive: true });
      const r = await run[e.key]!(out);
      const counts: CerCount[] = samples.map((s, i) => cerCount(r.texts[i] ?? '', s.reference));
      const bags: CerCount[] = samples.map((s, i) => bagErrorCount(r.texts[i] ?? '', s.reference));
      e.wall.push(r.wallS / samples.length);
      e.cpu.push(r.cpuS / samples.length);
      if (r.coldWallS !== undefined && r.coldCpuS !== undefined) {
        (e.coldWall ??= []).push(r.coldWallS / samples.length);
        (e.coldCpu ??= []).push(r.coldCpuS / samples.length);
      }
      e.cer.push(100 * pooledCer(counts));
      e.bag.push(100 * pooledCer(bags));
    }
  }

  const ours = engines[0]!;
  const rows: Row[] = [];
  for (const e of engines) {
    rows.push(
      row(`${e.label}: time`, 's/page', e.wall),
      row(`${e.label}: CPU`, 'CPU s/page', e.cpu),
      row(`${e.label}: CER`, '%', e.cer),
    );
    if (e.coldWall && e.coldCpu) {
      rows.push(
        row(`${e.label}, first reading (cold engine): time`, 's/page', e.coldWall),
        row(`${e.label}, first reading (cold engine): CPU`, 'CPU s/page', e.coldCpu),
      );
    }
  }
  const notes: string[] = [
    `pages: ${samples.map((s) => `${s.id} (${s.dpi} dpi)`).join(', ')}`,
    `our stage reads as many pages at a time as it has engine workers, as convert and the OCR worker do by default (OCR_CONCURRENCY=${ctx.cores}); "1 page at a time" shows why: a page's full-page text pass is one long call that keeps one engine worker busy while the other soon runs out of table cells. The tesseract CLI reads ${ctx.cores} pages at once.`,
    'our stage reads the pages twice in one process and the warm reading is the one timed: on a cold engine V8 runs tesseract\'s WebAssembly from its baseline compiler while it optimizes it in the background, which a long-running OCR worker does once, on its first pages (the "cold engine" rows). Starting the engine is not timed either; the CLI loads its model on every page, as it always does.',
    `order-free error (missing/extra characters, %): ${engines.map((e) => `${e.key} ${fmt(summarize(e.bag)?.median)}`).join(', ')}`,
  ];
  const tess = engines.find((e) => e.key === 'tesseract');
  const ocrmypdf = engines.find((e) => e.key === 'ocrmypdf');
  if (!tess) rows.push(textRow('tesseract CLI', 'skipped'));
  if (!ocrmypdf) rows.push(textRow('ocrmypdf', 'skipped'));
  const timeRatio = tess ? ratios(ours.wall, tess.wall) : [];
  const cerDiff = tess ? ours.cer.map((c, i) => c - (tess.cer[i] ?? NaN)) : [];
  if (tess) {
    rows.push(
      row('time ratio ours ÷ tesseract CLI', '×', timeRatio),
      row('CPU ratio ours ÷ tesseract CLI', '×', ratios(ours.cpu, tess.cpu)),
      row('CER ours − tesseract CLI', 'points', cerDiff),
    );
    const ours1 = engines.find((e) => e.key === 'ours-1');
    if (ours1) rows.push(row('time ratio ours, 1 page at a time ÷ tesseract CLI', '×', ratios(ours1.wall, tess.wall)));
    if (ours.coldWall) rows.push(row('time ratio ours, cold engine ÷ tesseract CLI', '×', ratios(ours.coldWall, tess.wall)));
  }
  if (ocrmypdf) {
    rows.push(
      row('time ratio ours ÷ ocrmypdf', '×', ratios(ours.wall, ocrmypdf.wall)),
      row(
        'CER ours − ocrmypdf',
        'points',
        ours.cer.map((c, i) => c - (ocrmypdf.cer[i] ?? NaN)),
      ),
    );
  }
  const ratio = summarize(timeRatio)?.median;
  const diff = summarize(cerDiff)?.median;
  const measured = `${fmt(ratio)}×, CER ${diff === undefined ? '–' : `${diff >= 0 ? '+' : ''}${fmt(diff)}`} points`;
  const equalCer = diff !== undefined && diff <= 0;
  return {
    name: 'ocr',
    title: 'ocr',
    rows,
    targets: [
      {
        name: 'OCR vs tesseract CLI',
        goal: '≤ 1.0× time, CER ≤ its CER',
        measured,
        met: ratio === undefined ? undefined : ratio <= 1 && equalCer,
      },
      {
        name: 'OCR vs tesseract CLI (first goal)',
        goal: '≤ 1.2× time, CER ≤ its CER',
        measured,
        met: ratio === undefined ? undefined : ratio <= 1.2 && equalCer,
      },
    ],
    notes,
    raw: { pages: samples.map((s) => ({ id: s.id, dpi: s.dpi, referenceChars: s.reference.length })), engines },
  };
}

/**
 * tesseract looks up its output configs (tsv, pdf, hocr, txt) under the tessdata folder, so a
 * folder of our own needs the system's configs beside the model.
 */
function copyTesseractConfigs(tessdata: string): void {
  const listing = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  const system = /"([^"]+)"/.exec(`${listing.stdout ?? ''}${listing.stderr ?? ''}`)?.[1];
  for (const sub of ['configs', 'tessconfigs']) {
    const from = system && path.join(system, sub);
    if (from && fs.existsSync(from)) fs.cpSync(from, path.join(tessdata, sub), { recursive: true });
  }
}

interface EngineRun {
  wallS: number;
  cpuS: number;
  texts: string[];
  coldWallS?: number;
  coldCpuS?: number;
}

async function runOurs(ctx: BenchContext, samples: readonly Sample[], out: string, concurrency: number): Promise<EngineRun> {
  const child = path.join(repoRoot, 'bench/ocr-child.ts');
  const r = await timed(
    process.execPath,
    [
      '--import',
      'tsx',
      child,
      'stage',
      '--workers',
      String(ctx.cores),
      '--concurrency',
      String(concurrency),
      '--out',
      out,
      ...samples.map((s) => s.png),
    ],
    {
      captureStdout: true,
      cwd: repoRoot,
    },
  );
  if (r.code !== 0) throw new Error(`our OCR stage failed: ${r.stderr.slice(-1500)}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!) as StageResult;
  const texts = samples.map((s) =>
    readingOrderText(JSON.parse(fs.readFileSync(path.join(out, `${s.id}.json`), 'utf8')) as PlacedText[]),
  );
  return { wallS: result.wallS, cpuS: result.cpuS, coldWallS: result.coldWallS, coldCpuS: result.coldCpuS, texts };
}

/** One tesseract process per page, `cores` at a time, each single-threaded. */
async function runTesseract(
  ctx: BenchContext,
  samples: readonly Sample[],
  out: string,
  extra: string[],
): Promise<{ wallS: number; cpuS: number; texts: string[] }> {
  const t0 = performance.now();
  const runs = await pool(
    samples.map((s) => async () => {
      const r = await timed(
        'tesseract',
        [s.png, path.join(out, s.id), '-l', 'chi_sim', '--psm', '3', '--dpi', String(s.dpi), ...extra, 'tsv'],
        {
          env: { OMP_THREAD_LIMIT: '1' },
        },
      );
      if (r.code !== 0) throw new Error(`tesseract failed on ${s.id}: ${r.stderr.slice(-1000)}`);
      return r;
    }),
    ctx.cores,
  );
  const wallS = (performance.now() - t0) / 1000;
  const texts = samples.map((s) =>
    readingOrderText(tesseractTsvLines(fs.readFileSync(path.join(out, `${s.id}.tsv`), 'utf8'), 72 / s.dpi)),
  );
  return { wallS, cpuS: runs.reduce((sum, r) => sum + r.cpuS, 0), texts };
}

/**
 * ocrmypdf on a PDF of the sampled scan pages: its own rasterizing, threading (--jobs) and
 * text layer. Its recognized text is read back from its output PDF as poppler's text lines
 * with their boxes (the same text as --sidecar writes, but placed, so that it can be put in
 * reading order like the others).
 */
async function runOcrmypdf(
  ctx: BenchContext,
  samples: readonly Sample[],
  samplePdf: string,
  tessdata: string,
  config: string,
  out: string,
): Promise<{ wallS: number; cpuS: number; texts: string[] }> {
  const output = path.join(out, 'out.pdf');
  // --deskew: our stage deskews too; without it ocrmypdf's sloping lines also scramble its
  // reading order (its text layer follows the slope).
  const args = ['-q', '-l', 'chi_sim', '--jobs', String(ctx.cores), '--output-type', 'pdf', '--optimize', '0', '--deskew'];
  args.push(
    '--tesseract-oem',
    '1',
    '--tesseract-pagesegmode',
    '3',
    '--tesseract-config',
    config,
    '--sidecar',
    path.join(out, 'sidecar.txt'),
  );
  const r = await timed('ocrmypdf', [...args, samplePdf, output], { env: { TESSDATA_PREFIX: tessdata, OMP_THREAD_LIMIT: '1' } });
  if (r.code !== 0) throw new Error(`ocrmypdf failed (${r.code}): ${r.stderr.slice(-1500)}`);
  const layout = await timed('pdftotext', ['-bbox-layout', output, '-'], { captureStdout: true });
  const pages = popplerLines(layout.stdout);
  return { wallS: r.wallS, cpuS: r.cpuS, texts: samples.map((_, i) => readingOrderText(pages.get(i + 1) ?? [])) };
}
