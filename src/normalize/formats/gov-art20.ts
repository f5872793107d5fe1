/**
 * gov2019 / gov2021 table 2 (第二十条 主动公开): blocks of "第二十条第（X）项", a header row
 * "信息内容 | measure | measure …", then item rows. Every item row is read with the header
 * row above it; a header merged over several columns ("本年处理决定数量") is read once.
 */
import type { GridCell, Table } from '../../model.js';
import { ART20, type GovFormat } from '../indicators.js';
import { assignLabels, type ObservedLabel } from '../labels.js';
import { unitInLabel } from '../numbers.js';
import { type CellMatch, type ColumnMatch, cellText, isNumberCell, labelParts, matchColumns } from './grid.js';

interface ItemRow {
  cells: readonly GridCell[];
  method: Table['method'];
  /** The header rows above the item, nearest first. */
  headers: ColumnMatch[][];
  label: string;
  labelSpans: Set<number>;
}

export function mapArt20Tables(tables: readonly Table[], format: GovFormat): CellMatch[] {
  const defs = ART20[format];
  let headers: ColumnMatch[][] = [];
  const rows: ItemRow[] = [];
  const observed: ObservedLabel[] = [];
  for (const t of tables) {
    for (const r of t.cells) {
      if (!r.slice(1).some(isNumberCell)) {
        const paths = r.map((c, j) => (j === 0 ? [] : [cellText(c)]));
        const header = matchColumns(
          paths,
          defs.columns,
          r.map((c) => c.spanId),
        );
        if (header.length) {
          headers = [header, ...headers];
          continue;
        }
      }
      const labelEnd = Math.max(1, Math.min(...(headers[0] ?? []).map((c) => c.index)));
      const parts = labelParts(r, 0, labelEnd);
      if (!parts.length) continue;
      observed.push({ leaf: parts.at(-1)!, context: [] });
      rows.push({
        cells: r,
        method: t.method,
        headers,
        label: parts.join(' '),
        labelSpans: new Set(r.slice(0, labelEnd).map((c) => c.spanId)),
      });
    }
  }

  return assignLabels(observed, defs.rows).flatMap((a) => {
    const row = rows[a.observed]!;
    // the nearest header that has measures for this item: a header repeated from the top of
    // the table on a continued page does not hide the block's own header
    const fits = (h: ColumnMatch[]) => h.some((col) => defs.cells.some((c) => c.row === a.spec.id && c.column === col.def.id));
    const columns = row.headers.find(fits) ?? [];
    return columns.flatMap((col): CellMatch[] => {
      const target = defs.cells.find((c) => c.row === a.spec.id && c.column === col.def.id);
      const cell = row.cells[col.index];
      if (!target || !cell || row.labelSpans.has(cell.spanId)) return [];
      const unit = unitInLabel(col.label);
      return [
        {
          key: target.key,
          period: 'year',
          cell,
          method: row.method,
          rowLabel: row.label,
          columnLabel: col.label,
          labelScore: Math.min(a.score, col.score),
          ...(unit ? { contextUnit: unit } : {}),
        },
      ];
    });
  });
}
