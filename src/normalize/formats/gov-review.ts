/**
 * gov2019 / gov2021 table 4 (行政复议 / 行政诉讼): a three-row header (行政复议 | 行政诉讼 →
 * 未经复议直接起诉 | 复议后起诉 → 结果维持 …) over one row of values. "结果维持" appears
 * three times; the headings above it tell the groups apart.
 */
import type { Table } from '../../model.js';
import { REVIEW_COLUMNS } from '../indicators.js';
import { type CellMatch, type ColumnMatch, columnPaths, headerRowCount, isNumberCell, matchColumns } from './grid.js';

export function mapReviewTables(tables: readonly Table[]): CellMatch[] {
  let columns: ColumnMatch[] = [];
  let paths: string[][] = [];
  for (const t of tables) {
    const w = t.cells[0]?.length ?? 0;
    const h = headerRowCount(t.cells, (r) => r.some(isNumberCell));
    if (h > 0) {
      const header = t.cells.slice(0, h);
      const headerPaths = columnPaths(header, w);
      const found = matchColumns(
        headerPaths,
        REVIEW_COLUMNS,
        header.at(-1)!.map((c) => c.spanId),
      );
      if (found.length >= 3) [columns, paths] = [found, headerPaths];
    }
    const values = t.cells[h];
    if (!values || !columns.length) continue;
    return columns.flatMap((col): CellMatch[] => {
      const cell = values[col.index];
      const path = paths[col.index] ?? [];
      if (!cell) return [];
      return [
        {
          key: col.def.id,
          period: 'year',
          cell,
          method: t.method,
          rowLabel: path.slice(0, -1).join(' '),
          columnLabel: path.at(-1) ?? '',
          labelScore: col.score,
        },
      ];
    });
  }
  return [];
}
