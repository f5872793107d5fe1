/**
 * Tables drawn with ruling lines.
 *
 * Horizontal and vertical rules that touch form a connected component; each component with
 * rules in both directions is a table. Its grid comes from the distinct rule positions, and
 * two neighbouring grid positions belong to one merged cell when no rule covers the
 * boundary between them.
 */
import type { BBox, PageContent, TextItem } from '../model.js';
import {
  belongsToBox,
  clusterPositions,
  coverage,
  horizontalSegs,
  JOIN_GAP_PT,
  mergeSegs,
  pageUnit,
  SAME_LINE_PT,
  verticalSegs,
  type Seg,
} from './geometry.js';
import { assembleGrid, rectangularGroups, type PageTable } from './page-table.js';

/** Grid lines closer than this (pt) are one line (double borders, per-cell borders); no
 * real cell is this narrow. */
const GRID_MERGE_PT = 3.5;
/** Rules meet when one reaches within this distance (pt) of the other. */
const TOUCH_PT = 2;
/** A boundary counts as ruled when rules cover at least this share of it. */
const MIN_BOUNDARY_COVER = 0.5;
/** Smallest table (pt): a framed word or a box around a stamp is not a table. */
const MIN_TABLE_W = 20;
const MIN_TABLE_H = 8;

export interface RuleComponent {
  h: Seg[];
  v: Seg[];
  bbox: BBox;
}

/** Connected groups of touching rules, each with at least one rule in each direction. */
export function ruleComponents(hSegs: readonly Seg[], vSegs: readonly Seg[], unit = 1): RuleComponent[] {
  const h = mergeSegs(hSegs, SAME_LINE_PT * unit, JOIN_GAP_PT * unit);
  const v = mergeSegs(vSegs, SAME_LINE_PT * unit, JOIN_GAP_PT * unit);
  const touch = TOUCH_PT * unit;
  const parent = [...h, ...v].map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  h.forEach((hs, i) =>
    v.forEach((vs, j) => {
      const touches = vs.pos >= hs.a - touch && vs.pos <= hs.b + touch && hs.pos >= vs.a - touch && hs.pos <= vs.b + touch;
      if (touches) parent[find(i)] = find(h.length + j);
    }),
  );
  const comps = new Map<number, { h: Seg[]; v: Seg[] }>();
  [...h, ...v].forEach((s, i) => {
    const root = find(i);
    const comp = comps.get(root) ?? { h: [], v: [] };
    (i < h.length ? comp.h : comp.v).push(s);
    comps.set(root, comp);
  });
  const out: RuleComponent[] = [];
  for (const comp of comps.values()) {
    if (comp.h.length === 0 || comp.v.length === 0) continue;
    const bbox: BBox = [
      Math.min(...comp.h.map((s) => s.a), ...comp.v.map((s) => s.pos)),
      Math.min(...comp.v.map((s) => s.a), ...comp.h.map((s) => s.pos)),
      Math.max(...comp.h.map((s) => s.b), ...comp.v.map((s) => s.pos)),
      Math.max(...comp.v.map((s) => s.b), ...comp.h.map((s) => s.pos)),
    ];
    if (bbox[2] - bbox[0] < MIN_TABLE_W * unit || bbox[3] - bbox[1] < MIN_TABLE_H * unit) continue;
    out.push({ ...comp, bbox });
  }
  return out.sort((p, q) => p.bbox[1] - q.bbox[1] || p.bbox[0] - q.bbox[0]);
}

/** Every ruled table on the page, top to bottom. */
export function findRuledTables(page: PageContent): PageTable[] {
  const comps = ruleComponents(horizontalSegs(page.rules), verticalSegs(page.rules), pageUnit(page));
  const tables: PageTable[] = [];
  for (const comp of comps) {
    const t = ruledTable(page, comp, page.items);
    if (t) tables.push(t);
  }
  return tables;
}

/** The table of one rule component (a lone box gives a 1x1 table), or null without cells. */
export function ruledTable(page: PageContent, comp: RuleComponent, items: readonly TextItem[]): PageTable | null {
  // Outer edges come from the rule extents too, so tables without outer borders keep them.
  const unit = pageUnit(page);
  const tol = GRID_MERGE_PT * unit;
  const xs = clusterPositions([...comp.v.map((s) => s.pos), comp.bbox[0], comp.bbox[2]], tol);
  const ys = clusterPositions([...comp.h.map((s) => s.pos), comp.bbox[1], comp.bbox[3]], tol);
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  if (rows < 1 || cols < 1) return null;

  const group = mergedCellGroups(xs, ys, comp.h, comp.v, tol);
  const inside = items.filter((it) => belongsToBox(comp.bbox, it));
  return {
    page: page.page,
    method: page.method,
    bbox: [xs[0]!, ys[0]!, xs[cols]!, ys[rows]!],
    xs,
    ys,
    cells: assembleGrid(page.page, xs, ys, group, inside),
    items: inside,
    unit,
  };
}

/**
 * Union-find over grid positions: neighbours with no rule on their shared boundary are one
 * merged cell. Returns the (rectangular) merged-cell id of every position.
 */
export function mergedCellGroups(
  xs: readonly number[],
  ys: readonly number[],
  h: readonly Seg[],
  v: readonly Seg[],
  tol = GRID_MERGE_PT,
): number[][] {
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  const parent = Array.from({ length: rows * cols }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (a: number, b: number): void => {
    parent[find(a)] = find(b);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols && coverage(v, xs[c + 1]!, ys[r]!, ys[r + 1]!, tol) < MIN_BOUNDARY_COVER) {
        union(r * cols + c, r * cols + c + 1);
      }
      if (r + 1 < rows && coverage(h, ys[r + 1]!, xs[c]!, xs[c + 1]!, tol) < MIN_BOUNDARY_COVER) {
        union(r * cols + c, (r + 1) * cols + c);
      }
    }
  }
  const group = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => find(r * cols + c)));
  return rectangularGroups(group);
}
