/** The shared corpus as bench inputs: files, page counts, page samples, page images, reference text. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { pageImage } from '../src/ocr/page-image.js';
import { extractPdf } from '../src/pdf/extract.js';
import { corpusDir } from '../test/support/env.js';
import { mustRun } from './proc.js';
import type { PlacedText } from './reading-order.js';

export { corpusDir };

export interface CorpusDoc {
  name: string;
  textPdf: string;
  scanPdf: string;
  html: string;
  /** Pages of the text PDF (the scan has the same pages). */
  pages: number;
}

export interface PageRef {
  doc: CorpusDoc;
  /** From 1. */
  page: number;
}

export function corpusDocs(dir = corpusDir): CorpusDoc[] {
  if (!fs.existsSync(dir)) throw new Error(`corpus not found at ${dir} (set NIANBAO_CORPUS)`);
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => ({
      name,
      textPdf: path.join(dir, name, `${name}.text.pdf`),
      scanPdf: path.join(dir, name, `${name}.scan.pdf`),
      html: path.join(dir, name, `${name}.html`),
      pages: 0,
    }))
    .filter((d) => fs.existsSync(d.textPdf) && fs.existsSync(d.scanPdf) && fs.existsSync(d.html))
    .map((d) => ({ ...d, pages: pdfPages(d.textPdf) }));
}

export function pdfPages(file: string): number {
  const out = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out.stdout ?? '')?.[1]);
  if (!Number.isInteger(pages) || pages < 1) throw new Error(`pdfinfo could not count the pages of ${file}`);
  return pages;
}

export function allPages(docs: readonly CorpusDoc[]): PageRef[] {
  return docs.flatMap((doc) => Array.from({ length: doc.pages }, (_, i) => ({ doc, page: i + 1 })));
}

/** `n` pages spread evenly over the corpus (every document kind, table pages and prose). */
export function spreadSample(pages: readonly PageRef[], n: number): PageRef[] {
  const k = Math.min(n, pages.length);
  return Array.from({ length: k }, (_, i) => pages[Math.floor(((i + 0.5) * pages.length) / k)]!);
}

export const pageId = (p: PageRef): string => `${p.doc.name}-p${String(p.page).padStart(3, '0')}`;

/**
 * The scanned page's embedded image (src/ocr pageImage: no resampling) as a grey or RGB PNG
 * at its native resolution, with its dpi recorded in the file.
 */
export async function writePageImage(p: PageRef, file: string): Promise<{ dpi: number; width: number; height: number }> {
  const img = await pageImage(new Uint8Array(fs.readFileSync(p.doc.scanPdf)), p.page);
  await sharp(img.pixels, { raw: { width: img.width, height: img.height, channels: img.channels } })
    .withMetadata({ density: img.dpi })
    .png({ compressionLevel: 1 })
    .toFile(file);
  return { dpi: img.dpi, width: img.width, height: img.height };
}

/** Every page's positioned text runs (pdf.js, as the text path reads them), points. */
export async function pdfPageTexts(file: string): Promise<Map<number, PlacedText[]>> {
  const pdf = await extractPdf(new Uint8Array(fs.readFileSync(file)), { maxPages: 10_000 });
  return new Map(pdf.pages.map((p) => [p.page, p.items.map((i) => ({ text: i.text, bbox: i.bbox }))]));
}

/** A PDF made of the given pages (of the text or the scan PDFs), in order, with poppler. */
export async function unitePages(
  pages: readonly PageRef[],
  kind: 'textPdf' | 'scanPdf',
  out: string,
  workDir: string,
): Promise<void> {
  fs.mkdirSync(workDir, { recursive: true });
  const singles: string[] = [];
  for (const p of pages) {
    const single = path.join(workDir, `${p.doc.name}-${kind}-${p.page}.pdf`);
    if (!fs.existsSync(single)) await mustRun('pdfseparate', ['-f', String(p.page), '-l', String(p.page), p.doc[kind], single]);
    singles.push(single);
  }
  if (singles.length === 1) fs.copyFileSync(singles[0]!, out);
  else await mustRun('pdfunite', [...singles, out]);
}
