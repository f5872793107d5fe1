/**
 * Tables without vertical rules: a stack of horizontal rules of the same width with
 * column-aligned text between them (Word "no vertical borders", three-line tables).
 *
 * Columns come from where the per-cell border pieces end (Chromium and Word draw each cell's
 * border separately) or, when the rules are continuous, from the gaps in the x-projection of
 * the text. Rows come from the rules, or from the text lines when the rules only frame the
 * header and the body (a three-line table).
 */
import type { BBox, PageContent, TextItem } from '../model.js';
import { groupIntoLines } from '../layout/lines.js';
import {
  belongsToBox,
  clusterBy,
  clusterPositions,
  horizontalSegs,
  JOIN_GAP_PT,
  mergeSegs,
  pageUnit,
  SAME_LINE_PT,
  type Seg,
} from './geometry.js';
import { assembleGrid, rectangularGroups, type PageTable } from './page-table.js';

/** Rule positions closer than this (pt) are one rule. */
const GRID_MERGE_PT = 2.5;
/** Rules belong to one stack when their ends agree within this distance (pt). */
const EDGE_TOLERANCE_PT = 4;
/** Largest gap (share of the page height) between two rules of one table. */
const MAX_RULE_GAP_SHARE = 0.35;
/** Shortest rule (pt) that can frame a table. */
const MIN_TABLE_WIDTH_PT = 100;
/** A column boundary from border ends must show up on this share of the rules. */
const MIN_ENDPOINT_SUPPORT = 0.4;
/** Gaps in the text projection narrower than this share of the font size are not columns. */
const MIN_COLUMN_GAP_EM = 0.8;
/** Share of text lines that may bridge a column gap (spanning header cells). */
const MAX_BRIDGING_SHARE = 0.15;
/** Rule stacks with fewer rules than this have rows from text lines instead. */
const MIN_RULES_FOR_RULED_ROWS = 4;

/**
 * Tables on `page` framed by horizontal rules only. `exclude` are boxes already taken by
 * ruled tables; rules and items inside them are ignored.
 */
export function findAlignedTables(page: PageContent, exclude: readonly BBox[] = []): PageTable[] {
  const unit = pageUnit(page);
  const free = (s: Seg): boolean =>
    !exclude.some((b) => s.pos >= b[1] - 2 * unit && s.pos <= b[3] + 2 * unit && s.b > b[0] && s.a < b[2]);
  const raw = horizontalSegs(page.rules).filter(free);
  const items = page.items.filter((it) => !exclude.some((b) => belongsToBox(b, it)));
  const tables: PageTable[] = [];
  for (const stack of ruleStacks(mergeSegs(raw, SAME_LINE_PT * unit, JOIN_GAP_PT * unit), page.height, unit)) {
    const t = alignedTable(page, stack, raw, items);
    if (t) tables.push(t);
  }
  return tables;
}

/** Groups full-width rules into vertical stacks with matching left and right ends. */
export function ruleStacks(rules: readonly Seg[], pageHeight: number, unit = 1): Seg[][] {
  const tol = EDGE_TOLERANCE_PT * unit;
  const wide = rules.filter((s) => s.b - s.a >= MIN_TABLE_WIDTH_PT * unit).sort((p, q) => p.pos - q.pos);
  const stacks: Seg[][] = [];
  for (const s of wide) {
    const stack = stacks.find((st) => {
      const last = st[st.length - 1]!;
      return (
        Math.abs(last.a - s.a) <= tol && Math.abs(last.b - s.b) <= tol && s.pos - last.pos <= MAX_RULE_GAP_SHARE * pageHeight
      );
    });
    if (stack) stack.push(s);
    else stacks.push([s]);
  }
  return stacks.filter((st) => st.length >= 2);
}

/** The table framed by one stack of rules, or null when the text between is not tabular. */
export function alignedTable(
  page: PageContent,
  stack: readonly Seg[],
  rawRules: readonly Seg[],
  items: readonly TextItem[],
): PageTable | null {
  const unit = pageUnit(page);
  const x0 = Math.min(...stack.map((s) => s.a));
  const x1 = Math.max(...stack.map((s) => s.b));
  const ruleYs = clusterPositions(
    stack.map((s) => s.pos),
    GRID_MERGE_PT * unit,
  );
  const box: BBox = [x0, ruleYs[0]!, x1, ruleYs[ruleYs.length - 1]!];
  const inside = items.filter((it) => belongsToBox(box, it));
  if (inside.length === 0) return null;

  const lines = groupIntoLines(inside);
  // Body paragraphs between two rules are one run per line; a table has several.
  const multi = lines.filter((l) => l.length >= 2).length;
  if (multi < Math.max(1, lines.length / 2)) return null;

  const slack = 2 * unit;
  const pieces = rawRules.filter(
    (s) => s.pos >= box[1] - slack && s.pos <= box[3] + slack && s.a >= x0 - slack && s.b <= x1 + slack,
  );
  const inner = columnEdgesFromBorders(pieces, ruleYs.length, x0, x1, unit) ?? columnEdgesFromText(inside, x0, x1);
  const xs = [x0, ...inner, x1];
  if (xs.length < 3) return null;
  const ys = ruleYs.length >= MIN_RULES_FOR_RULED_ROWS ? ruleYs : rowEdgesFromLines(ruleYs, lines);

  const group = spanGroups(xs, ys, inside);
  return {
    page: page.page,
    method: page.method,
    bbox: [x0, ys[0]!, x1, ys[ys.length - 1]!],
    xs,
    ys,
    cells: assembleGrid(page.page, xs, ys, group, inside),
    items: inside,
    unit,
  };
}

/** Interior x positions where the border pieces of enough rules end, or null if none do. */
export function columnEdgesFromBorders(
  pieces: readonly Seg[],
  ruleCount: number,
  x0: number,
  x1: number,
  unit = 1,
): number[] | null {
  const tol = EDGE_TOLERANCE_PT * unit;
  const ends: { x: number; y: number }[] = [];
  for (const p of pieces) {
    if (p.a > x0 + tol) ends.push({ x: p.a, y: p.pos });
    if (p.b < x1 - tol) ends.push({ x: p.b, y: p.pos });
  }
  const edges = clusterBy(ends, (e) => e.x, GRID_MERGE_PT * unit)
    .filter((g) => new Set(g.map((e) => Math.round(e.y))).size >= Math.max(2, MIN_ENDPOINT_SUPPORT * ruleCount))
    .map((g) => g.reduce((s, e) => s + e.x, 0) / g.length);
  return edges.length > 0 ? edges : null;
}

/**
 * Column boundaries in the gaps of the text's x-projection. A few items may bridge a gap
 * (header cells spanning columns): positions covered by one item, or by at most
 * MAX_BRIDGING_SHARE of the text lines, still count as gaps once there are three lines.
 */
export function columnEdgesFromText(items: readonly TextItem[], x0: number, x1: number): number[] {
  if (items.length === 0) return [];
  const lineCount = groupIntoLines(items).length;
  const tolerated = lineCount >= 3 ? Math.max(1, Math.floor(lineCount * MAX_BRIDGING_SHARE)) : 0;
  const size = items.reduce((s, i) => s + i.fontSize, 0) / items.length;
  const events: [number, number][] = [];
  for (const it of items) events.push([it.bbox[0], 1], [it.bbox[2], -1]);
  events.sort((p, q) => p[0] - q[0] || q[1] - p[1]);
  const edges: number[] = [];
  let depth = 0;
  let gapStart = x0;
  let inText = false;
  for (const [x, d] of events) {
    const wasGap = depth <= tolerated;
    depth += d;
    if (wasGap && depth > tolerated) {
      if (inText && x - gapStart >= MIN_COLUMN_GAP_EM * size) edges.push((gapStart + x) / 2);
      inText = true;
    } else if (!wasGap && depth <= tolerated) {
      gapStart = x;
    }
  }
  return edges.filter((e) => e > x0 && e < x1);
}

/** Row edges for a sparsely ruled table: the first band stays whole (the header), the
 * others split between text lines. */
function rowEdgesFromLines(ruleYs: readonly number[], lines: readonly TextItem[][]): number[] {
  const ys = [ruleYs[0]!];
  for (let b = 0; b < ruleYs.length - 1; b++) {
    const top = ruleYs[b]!;
    const bottom = ruleYs[b + 1]!;
    if (b > 0) {
      const inBand = lines.filter((l) => midY(l) > top && midY(l) < bottom);
      for (let i = 1; i < inBand.length; i++) {
        ys.push((maxY(inBand[i - 1]!) + minY(inBand[i]!)) / 2);
      }
    }
    ys.push(bottom);
  }
  return ys;
}

/** Cells of one row are merged where a text run crosses a column boundary. */
function spanGroups(xs: readonly number[], ys: readonly number[], items: readonly TextItem[]): number[][] {
  const cols = xs.length - 1;
  const group = Array.from({ length: ys.length - 1 }, (_, r) => Array.from({ length: cols }, (_, c) => r * cols + c));
  for (const it of items) {
    const cy = (it.bbox[1] + it.bbox[3]) / 2;
    const r = ys.findIndex((y, i) => i < ys.length - 1 && cy >= y && cy < ys[i + 1]!);
    if (r < 0) continue;
    const row = group[r]!;
    const first = xs.findIndex((_, i) => i < cols && it.bbox[0] + 1 < xs[i + 1]!);
    if (first < 0) continue;
    let last = first;
    while (last + 1 < cols && it.bbox[2] - 1 > xs[last + 1]!) last++;
    for (let c = first + 1; c <= last; c++) row[c] = row[first]!;
  }
  return rectangularGroups(group);
}

function midY(line: readonly TextItem[]): number {
  return (minY(line) + maxY(line)) / 2;
}
function minY(line: readonly TextItem[]): number {
  return Math.min(...line.map((i) => i.bbox[1]));
}
function maxY(line: readonly TextItem[]): number {
  return Math.max(...line.map((i) => i.bbox[3]));
}
