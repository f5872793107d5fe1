/**
 * Merging per-glyph text items into runs.
 *
 * Headless Chromium writes one Type 3 glyph per text item. A run is a stretch of glyphs on
 * one baseline with no wide gap and no vertical rule between them, so that a run never
 * crosses a table cell border.
 */
import type { BBox, RuleSegment, TextItem } from '../model.js';
import { normalizeText } from '../text/normalize-text.js';

/** One glyph (or a short string pdf.js kept together), positioned in top-left page space. */
export interface Glyph {
  text: string;
  /** Left edge and right edge (origin + advance), pt. */
  x0: number;
  x1: number;
  /** Baseline, pt from the top of the page. */
  baseline: number;
  fontSize: number;
  bold?: boolean;
}

/** A gap wider than this share of the font size ends a run (table cells must not merge). */
export const RUN_GAP_EM = 0.8;
/** A gap wider than this share of the font size inside a run is written as a space. */
const SPACE_GAP_EM = 0.2;
/** Baselines closer than this share of the font size are the same line. */
const BASELINE_TOLERANCE_EM = 0.3;
/** Glyph box above and below the baseline, as shares of the font size (CJK fonts). */
export const ASCENT_EM = 0.88;
export const DESCENT_EM = 0.12;

/**
 * Groups glyphs into runs. Whitespace glyphs only widen gaps; spaces in the output come from
 * gaps, so PDFs with and without explicit space glyphs read the same.
 */
export function mergeGlyphRuns(glyphs: readonly Glyph[], rules: readonly RuleSegment[] = []): TextItem[] {
  const visible = glyphs.filter((g) => g.text.trim() !== '' && g.fontSize > 0);
  const vrules = rules.filter((r) => r.x0 === r.x1);
  const runs: TextItem[] = [];
  for (const line of baselineGroups(visible)) {
    let run: Glyph[] = [];
    for (const g of line) {
      const prev = run[run.length - 1];
      if (prev && startsNewRun(prev, g, vrules)) {
        runs.push(toItem(run));
        run = [];
      }
      run.push(g);
    }
    if (run.length > 0) runs.push(toItem(run));
  }
  return runs;
}

/** Glyphs grouped by baseline (top to bottom), each group sorted left to right. */
function baselineGroups(glyphs: readonly Glyph[]): Glyph[][] {
  const sorted = [...glyphs].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const groups: Glyph[][] = [];
  let cur: Glyph[] = [];
  let base = NaN;
  for (const g of sorted) {
    if (cur.length > 0 && Math.abs(g.baseline - base) > BASELINE_TOLERANCE_EM * g.fontSize) {
      groups.push(cur);
      cur = [];
    }
    if (cur.length === 0) base = g.baseline;
    cur.push(g);
  }
  if (cur.length > 0) groups.push(cur);
  return groups.map((g) => g.sort((a, b) => a.x0 - b.x0));
}

function startsNewRun(prev: Glyph, g: Glyph, vrules: readonly RuleSegment[]): boolean {
  const size = Math.max(prev.fontSize, g.fontSize);
  const gap = g.x0 - prev.x1;
  if (gap > RUN_GAP_EM * size) return true;
  if (Math.abs(prev.fontSize - g.fontSize) > 0.2 * size) return true;
  if (gap < -0.5 * size) return true; // overprinted or out of order: keep apart
  const top = g.baseline - ASCENT_EM * g.fontSize;
  const bottom = g.baseline + DESCENT_EM * g.fontSize;
  const mid = (prev.x1 + g.x0) / 2;
  const slack = Math.max(1, Math.abs(gap) / 2 + 0.5);
  return vrules.some((r) => Math.abs(r.x0 - mid) <= slack && r.y0 < bottom && r.y1 > top);
}

function toItem(run: readonly Glyph[]): TextItem {
  const first = run[0]!;
  let text = first.text;
  let x1 = first.x1;
  let sizeSum = first.fontSize;
  let baseSum = first.baseline;
  for (let i = 1; i < run.length; i++) {
    const g = run[i]!;
    const gap = g.x0 - x1;
    text += (gap > SPACE_GAP_EM * Math.max(g.fontSize, 1) ? ' ' : '') + g.text;
    x1 = Math.max(x1, g.x1);
    sizeSum += g.fontSize;
    baseSum += g.baseline;
  }
  const fontSize = sizeSum / run.length;
  const baseline = baseSum / run.length;
  const bbox: BBox = [first.x0, baseline - ASCENT_EM * fontSize, x1, baseline + DESCENT_EM * fontSize];
  const item: TextItem = { text: normalizeText(text).trim(), bbox, fontSize, confidence: 1 };
  if (run.every((g) => g.bold)) item.bold = true;
  return item;
}
