/**
 * HTML <table> → Table (model.ts): rowspan/colspan expanded into a rectangular grid with the
 * usual "occupied slots" walk, so that every grid position holds the text of the cell that
 * covers it. Tolerates what real pages hold: rows of unequal length (padded with empty cells),
 * spans past the end of the table (clipped), colspan="0" (read as 1, as HTML5 does),
 * rowspan="0" (to the end of the table), and tables nested in cells (each one is its own
 * table; its text is not part of the outer cell).
 */
import type { GridCell, Table } from '../model.js';
import { childElements, type Element, elementText } from './dom.js';

/** One <td>/<th> as written, before expansion. */
export interface RawCell {
  text: string;
  rowspan: number;
  colspan: number;
}

/** HTML limits (the HTML standard clamps colspan to 1000 and rowspan to 65534). */
const MAX_COLSPAN = 1000;
const MAX_ROWSPAN = 65534;

/** The <tr> elements of this table, not those of tables nested inside its cells. */
export function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of childElements(table)) {
    if (child.name === 'tr') rows.push(child);
    else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
      rows.push(...childElements(child).filter((el) => el.name === 'tr'));
    }
  }
  return rows;
}

/** The <td>/<th> cells of one row. */
export function rowCells(tr: Element): Element[] {
  return childElements(tr).filter((el) => el.name === 'td' || el.name === 'th');
}

/** Text of a cell: its lines (<p>, <br>, <div>) joined, no gaps between CJK characters. */
export function cellText(cell: Element): string {
  return elementText(cell);
}

function spanAttr(el: Element, name: 'rowspan' | 'colspan'): number {
  const raw = el.attribs[name];
  if (raw === undefined) return 1;
  const n = Number.parseInt(raw.trim(), 10);
  if (Number.isNaN(n) || n < 0) return 1;
  return n; // 0 is resolved by expandGrid
}

/** The cells of the table as written, row by row. */
export function rawRows(table: Element): RawCell[][] {
  return tableRows(table).map((tr) =>
    rowCells(tr).map((cell) => ({
      text: cellText(cell),
      rowspan: spanAttr(cell, 'rowspan'),
      colspan: spanAttr(cell, 'colspan'),
    })),
  );
}

interface Slot {
  text: string;
  spanId: number;
  origin: boolean;
}

/**
 * Expands spans into a rectangular grid. A later cell never overwrites a slot that an earlier
 * span already holds (browsers resolve overlapping spans the same way). Rows that hold no
 * cell at all (an empty <tr> not covered by a span) are dropped.
 */
export function expandGrid(rows: readonly (readonly RawCell[])[]): GridCell[][] {
  const slots: (Slot | undefined)[][] = rows.map(() => []);
  let nextSpanId = 0;
  rows.forEach((cells, r) => {
    const line = slots[r] ?? [];
    let c = 0;
    for (const cell of cells) {
      while (line[c] !== undefined) c++;
      const remaining = rows.length - r;
      const rowspan = cell.rowspan === 0 ? remaining : Math.min(cell.rowspan, remaining, MAX_ROWSPAN);
      const colspan = Math.min(Math.max(cell.colspan, 1), MAX_COLSPAN);
      const spanId = nextSpanId++;
      for (let i = 0; i < rowspan; i++) {
        const target = slots[r + i];
        if (target === undefined) continue;
        for (let j = 0; j < colspan; j++) {
          if (target[c + j] === undefined) target[c + j] = { text: cell.text, spanId, origin: i === 0 && j === 0 };
        }
      }
      c += colspan;
    }
  });
  const kept = slots.filter((line) => line.some((slot) => slot !== undefined));
  const width = Math.max(0, ...kept.map((line) => line.length));
  return kept.map((line) =>
    Array.from({ length: width }, (_, c): GridCell => {
      const slot = line[c] ?? { text: '', spanId: nextSpanId++, origin: true };
      return { text: slot.text, page: 1, bbox: null, confidence: 1, spanId: slot.spanId, origin: slot.origin };
    }),
  );
}

/**
 * A table used to lay out the page rather than to hold data: a single row or a single column
 * (a frame around paragraphs, a signature line). Its text belongs to the body blocks.
 */
export function isLayoutTable(table: Element): boolean {
  const rows = tableRows(table);
  const counts = rows.map((tr) => rowCells(tr).length);
  const maxCells = Math.max(0, ...counts);
  return rows.length <= 1 || maxCells <= 1;
}

/** Table (model.ts) from a <table>; undefined when it holds fewer than two cells with text. */
export function htmlTableToTable(table: Element, caption?: string): Table | undefined {
  const cells = expandGrid(rawRows(table));
  const filled = cells.flat().filter((cell) => cell.origin && cell.text !== '').length;
  if (filled < 2) return undefined;
  return caption === undefined || caption === ''
    ? { method: 'html', pages: [1], cells }
    : { method: 'html', pages: [1], cells, caption };
}
