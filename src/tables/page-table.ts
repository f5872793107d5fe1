/**
 * A table as found on one page, before tables continued over pages are joined, and the
 * grid assembly shared by the ruled and the aligned builders.
 */
import type { BBox, ExtractionMethod, GridCell, Table, TextItem } from '../model.js';
import { groupIntoLines, joinRuns, joinWrapped } from '../layout/lines.js';
import { bandIndex, centre } from './geometry.js';

export interface PageTable {
  page: number;
  method: ExtractionMethod;
  bbox: BBox;
  /** Column edges left to right (columns + 1 values), page units. */
  xs: number[];
  /** Row edges top to bottom (rows + 1 values), page units. */
  ys: number[];
  cells: GridCell[][];
  /** The items that fell inside the table (so they are not read as body lines). */
  items: TextItem[];
  /** Page units per point (1 for PDF pages, pixels per point for OCR pages). */
  unit: number;
}

/**
 * Cells of a grid whose positions were grouped into merged cells: `group[r][c]` is the id of
 * the merged cell at row r, column c. Items go to the merged cell holding their centre.
 */
export function assembleGrid(
  page: number,
  xs: readonly number[],
  ys: readonly number[],
  group: readonly (readonly number[])[],
  items: readonly TextItem[],
): GridCell[][] {
  const byGroup = new Map<number, TextItem[]>();
  for (const it of items) {
    const [cx, cy] = centre(it);
    const c = bandIndex(xs, cx);
    // Text overflowing the top or bottom edge (see belongsToBox) goes to the edge row.
    const r = bandIndex(ys, Math.min(Math.max(cy, ys[0]!), ys[ys.length - 1]!));
    if (r < 0 || c < 0) continue;
    const g = group[r]![c]!;
    const list = byGroup.get(g) ?? [];
    list.push(it);
    byGroup.set(g, list);
  }
  const spans = new Map<number, { spanId: number; r0: number; c0: number; r1: number; c1: number }>();
  group.forEach((row, r) =>
    row.forEach((g, c) => {
      const s = spans.get(g);
      if (!s) spans.set(g, { spanId: spans.size, r0: r, c0: c, r1: r, c1: c });
      else {
        s.r1 = Math.max(s.r1, r);
        s.c1 = Math.max(s.c1, c);
      }
    }),
  );
  return group.map((row, r) =>
    row.map((g, c) => {
      const s = spans.get(g)!;
      const its = byGroup.get(g) ?? [];
      return {
        text: cellText(its),
        page,
        bbox: [xs[s.c0]!, ys[s.r0]!, xs[s.c1 + 1]!, ys[s.r1 + 1]!],
        confidence: its.length > 0 ? its.reduce((sum, i) => sum + i.confidence, 0) / its.length : 1,
        spanId: s.spanId,
        origin: r === s.r0 && c === s.c0,
      };
    }),
  );
}

/** A cell's text: its lines in reading order, wrapped lines joined without spaces. */
export function cellText(items: readonly TextItem[]): string {
  return joinWrapped(groupIntoLines(items).map(joinRuns));
}

/**
 * Turns an arbitrary grouping into rectangles: a group whose bounding box overlaps another
 * group's positions absorbs it, until every group is a rectangle. Returns dense group ids.
 */
export function rectangularGroups(group: number[][]): number[][] {
  const rows = group.length;
  const cols = group[0]?.length ?? 0;
  let changed = true;
  while (changed) {
    changed = false;
    const boxes = new Map<number, [number, number, number, number]>();
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const g = group[r]![c]!;
        const b = boxes.get(g);
        if (!b) boxes.set(g, [r, c, r, c]);
        else boxes.set(g, [Math.min(b[0], r), Math.min(b[1], c), Math.max(b[2], r), Math.max(b[3], c)]);
      }
    }
    for (const [g, [r0, c0, r1, c1]] of boxes) {
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const other = group[r]![c]!;
          if (other === g) continue;
          relabel(group, other, g);
          changed = true;
        }
      }
      if (changed) break;
    }
  }
  const dense = new Map<number, number>();
  return group.map((row) =>
    row.map((g) => {
      if (!dense.has(g)) dense.set(g, dense.size);
      return dense.get(g)!;
    }),
  );
}

function relabel(group: number[][], from: number, to: number): void {
  for (const row of group) for (let c = 0; c < row.length; c++) if (row[c] === from) row[c] = to;
}

/** Renumbers spanIds 0.. in reading order (after rows were dropped or tables joined). */
export function renumberSpans(cells: GridCell[][]): GridCell[][] {
  const ids = new Map<number, number>();
  return cells.map((row) =>
    row.map((cell) => {
      if (!ids.has(cell.spanId)) ids.set(cell.spanId, ids.size);
      return { ...cell, spanId: ids.get(cell.spanId)! };
    }),
  );
}

export function toTable(t: PageTable): Table {
  return { method: t.method, pages: [t.page], cells: t.cells };
}
