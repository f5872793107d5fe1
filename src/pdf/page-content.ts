/**
 * One PDF page → positioned text runs and ruling segments (top-left origin, points).
 */
import type { PDFPageProxy } from './pdfjs.js';
import type { PageContent } from '../model.js';
import { multiply, toMatrix, type Matrix } from './matrix.js';
import { rulesFromContent } from './content-rules.js';
import type { RawPdf } from './raw-pdf.js';
import { rulesFromOperatorList } from './rules.js';
import { mergeGlyphRuns, type Glyph } from './runs.js';

/** Text rotated by more than this (radians, ~5°) is stamp or seal lettering, not content. */
const MAX_TEXT_ROTATION = 0.09;

/** The file's own objects, for reading ruling lines without pdf.js's operator list. */
export interface ContentSource {
  raw: RawPdf;
  /** Largest decoded size of one content stream (the stream guard's limit). */
  maxStreamBytes: number;
}

export async function extractPageContent(page: PDFPageProxy, pageNumber: number, source?: ContentSource): Promise<PageContent> {
  const viewport = page.getViewport({ scale: 1 });
  const toPage = toMatrix(viewport.transform as number[]) ?? [1, 0, 0, -1, 0, viewport.height];
  const rules =
    (source && page.ref ? rulesFromContent(source.raw, page.ref.num, toPage, source.maxStreamBytes) : null) ??
    (await operatorListRules(page, toPage));
  const text = await page.getTextContent();
  const glyphs: Glyph[] = [];
  for (const item of text.items) {
    if (!('str' in item) || item.str === '') continue;
    const g = glyphFromItem(item.str, item.transform as number[], item.width, toPage);
    if (g) glyphs.push(g);
  }
  return {
    page: pageNumber,
    width: viewport.width,
    height: viewport.height,
    method: 'text',
    items: mergeGlyphRuns(glyphs, rules),
    rules,
  };
}

async function operatorListRules(page: PDFPageProxy, toPage: Matrix) {
  const ops = await page.getOperatorList();
  return rulesFromOperatorList(ops.fnArray, ops.argsArray, toPage);
}

/**
 * pdf.js gives each item its text-space matrix (in PDF user space) and its advance width in
 * user-space units; the viewport matrix brings both to the top-left page space.
 */
export function glyphFromItem(str: string, transform: number[], width: number, toPage: Matrix): Glyph | null {
  const tm = toMatrix(transform);
  if (!tm) return null;
  const m = multiply(toPage, tm);
  const scaleX = Math.hypot(m[0], m[1]);
  const fontSize = Math.hypot(m[2], m[3]);
  if (fontSize <= 0 || scaleX <= 0) return null;
  if (Math.abs(Math.atan2(m[1], m[0])) > MAX_TEXT_ROTATION) return null;
  // Width is reported in user space; the viewport at scale 1 keeps the length.
  const advance = Math.abs(width) * Math.hypot(toPage[0], toPage[1]);
  return { text: str, x0: m[4], x1: m[4] + advance, baseline: m[5], fontSize };
}
