/**
 * gov2019 / gov2021 table 3 (依申请公开): rows of outcomes × applicant columns.
 *
 * The row labels spread over up to three merged columns ("三、本年度办理结果 × （三）不予公开 ×
 * 1.属于国家秘密"); the header is two or three rows (申请人情况 / 法人或其他组织 / 商业企业 …).
 * A table continued on the next page may come as a second table, with or without a repeated
 * header: it keeps the column mapping of the part before it.
 */
import type { GridCell, Table } from '../../model.js';
import { type GovFormat, REQUEST_COLUMNS, REQUEST_ROWS } from '../indicators.js';
import { assignLabels, scoreLabel, type ObservedLabel } from '../labels.js';
import {
  type CellMatch,
  type ColumnMatch,
  HeadingTrail,
  columnPaths,
  headerRowCount,
  isNumberCell,
  labelParts,
  matchColumns,
} from './grid.js';

interface DataRow {
  cells: readonly GridCell[];
  method: Table['method'];
  columns: ColumnMatch[];
  label: string;
  labelSpans: Set<number>;
}

const width = (t: Table): number => t.cells[0]?.length ?? 0;

/** Column mapping of a table whose header was lost: the last seven columns, in form order. */
function assumedColumns(w: number): ColumnMatch[] {
  if (w < REQUEST_COLUMNS.length + 1) return [];
  return REQUEST_COLUMNS.map((def, i) => ({
    index: w - REQUEST_COLUMNS.length + i,
    def,
    label: def.text[0] ?? '',
    score: 0.75,
    spanId: undefined,
  }));
}

/** Shifts a mapping to a table of another width, keeping the value columns at the right edge. */
function realign(columns: ColumnMatch[], from: number, to: number): ColumnMatch[] {
  return from === to ? columns : columns.map((c) => ({ ...c, index: c.index + to - from })).filter((c) => c.index >= 1);
}

export function mapRequestTables(tables: readonly Table[], format: GovFormat): CellMatch[] {
  const rowDefs = REQUEST_ROWS[format];
  const strongRow = (r: readonly GridCell[]) => {
    const parts = labelParts(r, 0, Math.max(1, r.length - REQUEST_COLUMNS.length));
    const obs: ObservedLabel = { leaf: parts.at(-1) ?? '', context: parts.slice(0, -1) };
    return rowDefs.some((d) => scoreLabel(d, obs).score >= 0.85);
  };
  const isDataRow = (r: readonly GridCell[]) => r.some(isNumberCell) || strongRow(r);

  let known: ColumnMatch[] = [];
  let knownWidth = 0;
  const rows: DataRow[] = [];
  const observed: ObservedLabel[] = [];
  const trail = new HeadingTrail();
  for (const t of tables) {
    const w = width(t);
    const h = headerRowCount(t.cells, isDataRow);
    if (h > 0) {
      const header = t.cells.slice(0, h);
      const found = matchColumns(
        columnPaths(header, w),
        REQUEST_COLUMNS,
        header.at(-1)!.map((c) => c.spanId),
      );
      if (found.length >= 3) [known, knownWidth] = [found, w];
    }
    if (!known.length) [known, knownWidth] = [assumedColumns(w), w];
    const columns = realign(known, knownWidth, w);
    if (!columns.length) continue;
    const labelEnd = Math.min(...columns.map((c) => c.index));
    for (const r of t.cells.slice(h)) {
      const parts = labelParts(r, 0, labelEnd);
      if (!parts.length) continue;
      observed.push(trail.observe(parts));
      rows.push({
        cells: r,
        method: t.method,
        columns,
        label: parts.join(' '),
        labelSpans: new Set(r.slice(0, labelEnd).map((c) => c.spanId)),
      });
    }
  }

  return assignLabels(observed, rowDefs).flatMap((a) => {
    const row = rows[a.observed]!;
    return row.columns.flatMap((col): CellMatch[] => {
      const cell = row.cells[col.index];
      if (!cell || row.labelSpans.has(cell.spanId)) return [];
      return [
        {
          key: `requests.${a.spec.id}.${col.def.id}`,
          period: 'year',
          cell,
          method: row.method,
          rowLabel: row.label,
          columnLabel: col.label,
          labelScore: Math.min(a.score, col.score),
        },
      ];
    });
  });
}
