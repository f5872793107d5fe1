/**
 * Axis-aligned segment helpers shared by the table builders. All lengths are page units
 * (points for PDF pages).
 */
import type { BBox, PageContent, RuleSegment, TextItem } from '../model.js';

/** A horizontal (pos = y, a..b = x) or vertical (pos = x, a..b = y) segment. */
export interface Seg {
  pos: number;
  a: number;
  b: number;
}

/** Width of A4 in points: OCR pages (pixels) are assumed to be A4 to size tolerances. */
const A4_SHORT_SIDE_PT = 595.28;

/**
 * Page units per point: 1 for PDF text pages; pixels per point for OCR page images, whose
 * resolution is inferred from the short side of the page.
 */
export function pageUnit(page: PageContent): number {
  if (page.method === 'text') return 1;
  return Math.max(1, Math.min(page.width, page.height) / A4_SHORT_SIDE_PT);
}

/** Rules closer than this (pt) across their direction are the same line. */
export const SAME_LINE_PT = 1.5;
/** Collinear pieces with a gap up to this (pt) are one line (borders drawn per cell). */
export const JOIN_GAP_PT = 2;

export function horizontalSegs(rules: readonly RuleSegment[]): Seg[] {
  return rules.filter((r) => Math.abs(r.y1 - r.y0) < 0.01 && r.x1 > r.x0).map((r) => ({ pos: r.y0, a: r.x0, b: r.x1 }));
}

export function verticalSegs(rules: readonly RuleSegment[]): Seg[] {
  return rules.filter((r) => Math.abs(r.x1 - r.x0) < 0.01 && r.y1 > r.y0).map((r) => ({ pos: r.x0, a: r.y0, b: r.y1 }));
}

/** Merges collinear, touching or overlapping segments into maximal ones. */
export function mergeSegs(segs: readonly Seg[], posTol = SAME_LINE_PT, gapTol = JOIN_GAP_PT): Seg[] {
  const out: Seg[] = [];
  for (const group of clusterBy(segs, (s) => s.pos, posTol)) {
    const pos = group.reduce((sum, s) => sum + s.pos * (s.b - s.a), 0) / group.reduce((sum, s) => sum + (s.b - s.a), 0);
    const sorted = [...group].sort((p, q) => p.a - q.a);
    let cur: Seg | null = null;
    for (const s of sorted) {
      if (cur && s.a <= cur.b + gapTol) cur.b = Math.max(cur.b, s.b);
      else {
        if (cur) out.push(cur);
        cur = { pos, a: s.a, b: s.b };
      }
    }
    if (cur) out.push(cur);
  }
  return out;
}

/** Groups values whose sorted neighbours are within `tol` (single-link clustering). */
export function clusterBy<T>(values: readonly T[], key: (v: T) => number, tol: number): T[][] {
  const sorted = [...values].sort((p, q) => key(p) - key(q));
  const groups: T[][] = [];
  let cur: T[] = [];
  let last = -Infinity;
  for (const v of sorted) {
    const k = key(v);
    if (cur.length > 0 && k - last > tol) {
      groups.push(cur);
      cur = [];
    }
    cur.push(v);
    last = k;
  }
  if (cur.length > 0) groups.push(cur);
  return groups;
}

/** Sorted cluster centres (means) of `values`. */
export function clusterPositions(values: readonly number[], tol: number): number[] {
  return clusterBy(values, (v) => v, tol).map((g) => g.reduce((s, v) => s + v, 0) / g.length);
}

/** Share (0..1) of the interval a..b covered by segments lying within `posTol` of `pos`. */
export function coverage(segs: readonly Seg[], pos: number, a: number, b: number, posTol = 2): number {
  if (b <= a) return 1;
  const pieces = segs
    .filter((s) => Math.abs(s.pos - pos) <= posTol && s.b > a && s.a < b)
    .map((s) => [Math.max(a, s.a), Math.min(b, s.b)] as const)
    .sort((p, q) => p[0] - q[0]);
  let covered = 0;
  let end = a;
  for (const [p, q] of pieces) {
    if (q <= end) continue;
    covered += q - Math.max(p, end);
    end = q;
  }
  return covered / (b - a);
}

/** Index i with edges[i] <= v < edges[i + 1], or -1 outside (edges sorted ascending). */
export function bandIndex(edges: readonly number[], v: number): number {
  if (edges.length < 2 || v < edges[0]! || v > edges[edges.length - 1]!) return -1;
  for (let i = 0; i < edges.length - 1; i++) if (v < edges[i + 1]!) return i;
  return edges.length - 2;
}

export function centre(item: TextItem): [number, number] {
  return [(item.bbox[0] + item.bbox[2]) / 2, (item.bbox[1] + item.bbox[3]) / 2];
}

export function insideBox(box: BBox, x: number, y: number, slack = 0): boolean {
  return x >= box[0] - slack && x <= box[2] + slack && y >= box[1] - slack && y <= box[3] + slack;
}

/**
 * True when an item belongs to a table box: its centre is inside, or it is horizontally
 * inside and crosses the top or bottom edge. The second case is text that overflows a cell
 * cut by a page break (Chromium paints it across the fragment's bottom border).
 */
export function belongsToBox(box: BBox, item: TextItem): boolean {
  const [cx, cy] = centre(item);
  if (cx < box[0] || cx > box[2]) return false;
  if (cy >= box[1] && cy <= box[3]) return true;
  return item.bbox[1] < box[3] - 0.5 && item.bbox[3] > box[1] + 0.5;
}
