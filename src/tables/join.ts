/**
 * Joining a table that continues on the next page.
 *
 * A part continues the table before it when that table is the last thing on its page, the
 * part is the first thing on the next page (a caption such as 续表 aside) and the columns
 * agree: the same outer edges and either the same number of columns or one set of column
 * edges contained in the other. Two scanned pages may sit a few points apart on the scanner,
 * so between OCR parts the columns are compared after moving the second part's left edge
 * onto the first's. A repeated header is dropped; a merged label cell cut by
 * the page break (an empty cell at the top of the part, under a label) is re-joined.
 */
import type { GridCell, Table } from '../model.js';
import { compactText } from '../text/normalize-text.js';
import { clusterPositions } from './geometry.js';
import { renumberSpans, type PageTable } from './page-table.js';

/** Column edges closer than this (pt) are the same edge. */
const EDGE_TOLERANCE_PT = 3;
/** How far (pt) one scanned page may sit from the next on the scanner, sideways. */
const MAX_SCAN_SHIFT_PT = 15;

export interface TablePart {
  table: PageTable;
  /** Nothing but a continuation caption lies above it on its page. */
  startsPage: boolean;
  /** Nothing lies below it on its page (page numbers aside). */
  endsPage: boolean;
}

export interface JoinedTable {
  table: Table;
  /** The page tables it was made from, in order. */
  parts: PageTable[];
}

export function joinTableParts(parts: readonly TablePart[]): JoinedTable[] {
  const out: { parts: PageTable[]; xs: number[]; cells: GridCell[][]; endsPage: boolean }[] = [];
  for (const part of parts) {
    const cur = out[out.length - 1];
    const last = cur?.parts[cur.parts.length - 1];
    const partXs = cur && last ? scanAligned(cur.xs, last, part.table) : part.table.xs;
    const xs =
      cur && last && cur.endsPage && part.startsPage && part.table.page === last.page + 1
        ? joinedEdges(cur.xs, partXs, EDGE_TOLERANCE_PT * part.table.unit)
        : null;
    if (cur && xs) {
      cur.cells = appendRows(regrid(cur.cells, cur.xs, xs), regrid(part.table.cells, partXs, xs));
      cur.xs = xs;
      cur.parts.push(part.table);
      cur.endsPage = part.endsPage;
    } else {
      out.push({ parts: [part.table], xs: [...part.table.xs], cells: part.table.cells, endsPage: part.endsPage });
    }
  }
  return out.map((t) => ({
    parts: t.parts,
    table: {
      method: t.parts[0]!.method,
      pages: [...new Set(t.parts.map((p) => p.page))],
      cells: renumberSpans(t.cells),
    },
  }));
}

/**
 * The column edges of `next`, moved sideways onto `edges` (the table so far) when both it and
 * the part before it were read by OCR and their left edges are at most MAX_SCAN_SHIFT_PT apart.
 */
function scanAligned(edges: readonly number[], prev: PageTable, next: PageTable): readonly number[] {
  if (prev.method !== 'ocr' || next.method !== 'ocr') return next.xs;
  const shift = next.xs[0]! - edges[0]!;
  return Math.abs(shift) <= MAX_SCAN_SHIFT_PT * next.unit ? next.xs.map((x) => x - shift) : next.xs;
}

/**
 * The column edges of the joined table, or null when the two column sets do not belong to
 * one table. Equal counts with shifted edges keep the first table's edges (columns are
 * matched by position).
 */
export function joinedEdges(a: readonly number[], b: readonly number[], tol = EDGE_TOLERANCE_PT): number[] | null {
  const near = (x: number, set: readonly number[]): boolean => set.some((y) => Math.abs(x - y) <= tol);
  if (!near(a[0]!, [b[0]!]) || !near(a[a.length - 1]!, [b[b.length - 1]!])) return null;
  if (a.every((x) => near(x, b)) || b.every((x) => near(x, a))) {
    return clusterPositions([...a, ...b], tol);
  }
  return a.length === b.length ? [...a] : null;
}

/**
 * A grid laid out on finer column edges: every new column takes the cell of the old column
 * that contains it (merged cells simply span more columns). Equal column counts map by index.
 */
export function regrid(cells: GridCell[][], from: readonly number[], to: readonly number[]): GridCell[][] {
  if (from.length === to.length) return cells;
  const map: number[] = [];
  for (let j = 0; j < to.length - 1; j++) {
    const mid = (to[j]! + to[j + 1]!) / 2;
    let k = from.findIndex((_, i) => i < from.length - 1 && mid < from[i + 1]!);
    if (k < 0) k = from.length - 2;
    map.push(k);
  }
  return cells.map((row) =>
    map.map((k, j) => {
      const cell = row[k]!;
      return { ...cell, origin: cell.origin && (j === 0 || map[j - 1] !== k) };
    }),
  );
}

/** Appends `next` below `prev`: repeated header rows dropped, cut label cells re-joined. */
export function appendRows(prev: GridCell[][], next: GridCell[][]): GridCell[][] {
  const offset = 1 + Math.max(-1, ...prev.flat().map((c) => c.spanId));
  let rows = next.map((row) => row.map((c) => ({ ...c, spanId: c.spanId + offset })));
  rows = rows.slice(repeatedHeaderRows(prev, rows));
  const lastRow = prev[prev.length - 1];
  if (lastRow && rows[0]) continueCutCells(lastRow, rows);
  return [...prev, ...rows];
}

/** How many leading rows of `next` repeat the leading rows of `prev` (0 if none). */
export function repeatedHeaderRows(prev: GridCell[][], next: GridCell[][]): number {
  let k = 0;
  while (k < prev.length && k < next.length && sameRow(prev[k]!, next[k]!)) k++;
  if (k === 0) return 0;
  // Header rows have words in them; rows of equal numbers are a coincidence, not a header.
  const wordy = next.slice(0, k).some((row) => row.some((c) => /[^\d\s.,\-%]/.test(c.text)));
  return wordy && k < next.length ? k : 0;
}

function sameRow(a: GridCell[], b: GridCell[]): boolean {
  return (
    a.length === b.length &&
    a.every((c, i) => compactText(c.text) === compactText(b[i]!.text)) &&
    a.some((c) => c.text.trim() !== '')
  );
}

/**
 * A merged label cell cut by the page break shows up as an empty cell at the top of the
 * continuation, under the same columns as a label cell in the last row before the break.
 * The empty cell takes the label's text and span.
 */
function continueCutCells(lastRow: GridCell[], rows: GridCell[][]): void {
  const first = rows[0]!;
  for (let j = 0; j < first.length; j++) {
    const above = lastRow[j];
    const below = first[j]!;
    if (!above || below.text.trim() !== '' || !isLabel(above.text)) continue;
    if (!sameColumns(lastRow, above.spanId, first, below.spanId)) continue;
    const cut = below.spanId;
    for (const row of rows) {
      for (let c = 0; c < row.length; c++) {
        const cell = row[c]!;
        if (cell.spanId === cut) row[c] = { ...cell, text: above.text, spanId: above.spanId, origin: false };
      }
    }
  }
}

function sameColumns(rowA: GridCell[], spanA: number, rowB: GridCell[], spanB: number): boolean {
  const colsA = rowA.flatMap((c, i) => (c.spanId === spanA ? [i] : []));
  const colsB = rowB.flatMap((c, i) => (c.spanId === spanB ? [i] : []));
  return colsA.length === colsB.length && colsA.every((c, i) => c === colsB[i]);
}

/** Text that names a row (not a number, not empty). */
function isLabel(text: string): boolean {
  const t = compactText(text);
  return t !== '' && !/^[-+]?[\d,.]+%?$/.test(t);
}
