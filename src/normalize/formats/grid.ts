/**
 * Helpers shared by the format mappers: reading label parts out of merged cells, carrying
 * headings down to the rows below them, finding header rows and column paths, and joining a
 * table with the fragments that continue it on later pages.
 */
import type { ExtractionMethod, GridCell, Table } from '../../model.js';
import { closeCjkGaps, tidyText } from '../../text/normalize-text.js';
import type { LabelDef, LabelSpec } from '../indicators.js';
import { assignLabels, labelForm, numberingLevel, similarAtLeast, type ObservedLabel } from '../labels.js';
import { readNumber } from '../numbers.js';

/** One value cell tied to an indicator key: what facts.ts turns into a Fact. */
export interface CellMatch {
  key: string;
  period: 'year' | 'cumulative';
  cell: GridCell;
  method: ExtractionMethod;
  rowLabel: string;
  columnLabel: string;
  /** A unit printed for the row (unit column) or the column (header), e.g. 万元. */
  contextUnit?: string;
  /** The weaker of the row and column label scores, 0..1. */
  labelScore: number;
  /** Skip the fact when nothing is printed (a heading row some agencies fill in). */
  onlyWhenPrinted?: boolean;
}

/** A cell's text with white space tidied and the gaps extraction leaves between CJK closed. */
export function cellText(cell: GridCell | undefined): string {
  return cell ? closeCjkGaps(tidyText(cell.text)) : '';
}

/** True when the cell reads as a number (a data cell rather than a label or header). */
export function isNumberCell(cell: GridCell | undefined): boolean {
  return !!cell && readNumber(cell.text).kind === 'number';
}

/** Splits "三、本年度办理结果 （一）予以公开" where a merged label carries its heading. */
export function splitAtNumbering(text: string): string[] {
  return text
    .split(/\s+(?=(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、](?!\d)|其中[:：]))/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The distinct label texts of a row's label columns, left to right, merged cells once. */
export function labelParts(row: readonly GridCell[], from: number, to: number): string[] {
  const out: string[] = [];
  const seenSpans = new Set<number>();
  for (const cell of row.slice(from, to)) {
    if (seenSpans.has(cell.spanId)) continue;
    seenSpans.add(cell.spanId);
    for (const part of splitAtNumbering(cellText(cell))) {
      if (labelForm(part) && labelForm(out.at(-1) ?? '') !== labelForm(part)) out.push(part);
    }
  }
  return out;
}

/**
 * Carries the headings of the rows above ("三、本年度办理结果", "（三）不予公开") down to the
 * rows below, by numbering level, so that a row printed without its merged heading cell is
 * still read in its group.
 */
export class HeadingTrail {
  private readonly levels: (string | undefined)[] = [];

  observe(parts: readonly string[]): ObservedLabel {
    const leaf = parts.at(-1) ?? '';
    const own = parts.slice(0, -1);
    for (const p of own) this.set(p);
    const level = numberingLevel(leaf);
    const carried = this.levels.filter((t, l): t is string => !!t && (level === 0 || l < level));
    const context = [...new Set([...own, ...carried])];
    this.set(leaf);
    return { leaf, context };
  }

  private set(text: string): void {
    const level = numberingLevel(text);
    if (level === 0) return;
    this.levels[level] = text;
    this.levels.length = level + 1;
  }
}

/** Rows at the top of a table before the first data row. */
export function headerRowCount(rows: readonly (readonly GridCell[])[], isDataRow: (row: readonly GridCell[]) => boolean): number {
  const first = rows.findIndex((r) => isDataRow(r));
  return first < 0 ? rows.length : first;
}

/** For every column, the distinct header texts from top to bottom. */
export function columnPaths(headerRows: readonly (readonly GridCell[])[], width: number): string[][] {
  return Array.from({ length: width }, (_, j) => {
    const path: string[] = [];
    for (const r of headerRows) {
      const t = cellText(r[j]);
      if (t && path.at(-1) !== t) path.push(t);
    }
    return path;
  });
}

/** A column tied to a definition. */
export interface ColumnMatch {
  index: number;
  def: LabelDef;
  label: string;
  score: number;
  spanId: number | undefined;
}

/**
 * Matches header columns to definitions by their path (leaf = lowest header text, context =
 * the texts above it). A header merged across several columns is matched once, at its first.
 */
export function matchColumns(
  paths: readonly string[][],
  defs: readonly LabelDef[],
  spanIds: readonly (number | undefined)[] = [],
): ColumnMatch[] {
  const seen = new Set<number>();
  const observed: ObservedLabel[] = paths.map((p, j) => {
    const span = spanIds[j];
    if (span !== undefined && seen.has(span)) return { leaf: '', context: [] };
    if (span !== undefined) seen.add(span);
    return { leaf: p.at(-1) ?? '', context: p.slice(0, -1) };
  });
  return assignLabels(observed, defs).map((a) => ({
    index: a.observed,
    def: a.spec,
    label: paths[a.observed]!.join(' '),
    score: a.score,
    spanId: spanIds[a.observed],
  }));
}

/** A cell with a label: its text and its reduced form. */
export interface LabelledCell {
  text: string;
  form: string;
}

/** The table's cells that carry a label, a merged cell once: what mentions are searched in. */
export function labelledCells(table: Table): LabelledCell[] {
  const seen = new Set<number>();
  const out: LabelledCell[] = [];
  for (const row of table.cells) {
    for (const cell of row) {
      if (seen.has(cell.spanId)) continue;
      seen.add(cell.spanId);
      const form = labelForm(cell.text);
      if (form) out.push({ text: cell.text, form });
    }
  }
  return out;
}

/** True when one of the cells reads like the wording (substring or fuzzy). */
export function cellsMention(cells: readonly LabelledCell[], wording: string): boolean {
  const want = labelForm(wording);
  if (!want) return false;
  return cells.some(
    ({ text, form }) => form.includes(want) || (form.length <= want.length * 2 && similarAtLeast(text, wording, 0.8)),
  );
}

/** How many distinct cells of the table read like one of the definitions' labels. */
export function labelHits(table: Table, specs: readonly LabelSpec[], min = 0.85): number {
  return labelledCells(table).filter(({ text }) => specs.some((spec) => spec.text.some((t) => similarAtLeast(text, t, min))))
    .length;
}

/** How many of the wordings the table mentions. */
export function mentionCount(table: Table, wordings: readonly string[]): number {
  const cells = labelledCells(table);
  return wordings.filter((w) => cellsMention(cells, w)).length;
}

export interface TableGroup<K extends string> {
  kind: K;
  tables: Table[];
}

const width = (t: Table): number => t.cells[0]?.length ?? 0;

/**
 * Groups the tables of a document into the form's tables: a table the classifier recognises
 * starts (or, when it is of the same kind, continues) a group; an unrecognised table of the
 * same width directly after it continues it (a table split over pages).
 */
export function groupTables<K extends string>(tables: readonly Table[], classify: (t: Table) => K | null): TableGroup<K>[] {
  const groups: TableGroup<K>[] = [];
  let current = null as TableGroup<K> | null;
  for (const t of tables) {
    const kind = classify(t);
    if (kind && current?.kind === kind) current.tables.push(t);
    else if (kind) groups.push((current = { kind, tables: [t] }));
    else if (current && width(t) === width(current.tables[0]!) && width(t) > 1) current.tables.push(t);
    else current = null;
  }
  return groups;
}

export type { LabelSpec };
