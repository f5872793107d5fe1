/**
 * The 2014-era national statistics table (政府信息公开情况统计表): "统计指标 | 单位 | 统计数",
 * rows grouped under 一、…九、 headings, children under （一）, 1. and 其中： — the heading
 * carried down tells the twin rows apart ("（二）被依法纠错数" under 四、 and under 五、).
 */
import type { Table } from '../../model.js';
import { GOV2014_ROWS } from '../indicators.js';
import { type CellMatch, groupTables, labelHits, mentionCount } from './grid.js';
import { type ColumnRoles, mapSingleColumnTables } from './single-column.js';

export const GOV2014_WORDS = [
  '统计指标',
  '主动公开情况',
  '依申请公开情况',
  '收到申请数',
  '申请办结数',
  '申请答复数',
  '回应解读情况',
  '举报投诉数量',
  '行政复议数量',
  '行政诉讼数量',
  '机构建设和保障经费情况',
  '统计数',
];

const VALUE_HEADER_RE = /^(?:统计数|统计数据|数量|数值|数据|本年|本年度|合计)$/;

function defaultRoles(width: number): ColumnRoles {
  if (width >= 3) return { labelEnd: width - 2, unit: width - 2, values: [{ index: width - 1, period: 'year', label: '' }] };
  return { labelEnd: 1, values: [{ index: Math.max(1, width - 1), period: 'year', label: '' }] };
}

export function mapGov2014(tables: readonly Table[]): CellMatch[] {
  // by its words, or by rows of the form (a fragment continued on another page has no header)
  const classify = (t: Table) => (mentionCount(t, GOV2014_WORDS) >= 2 || labelHits(t, GOV2014_ROWS) >= 2 ? 'stats' : null);
  return groupTables(tables, classify).flatMap((g) =>
    mapSingleColumnTables(g.tables, {
      rows: GOV2014_ROWS,
      valueHeader: (t) => (VALUE_HEADER_RE.test(t) ? { period: 'year', score: 1 } : null),
      defaultRoles,
    }),
  );
}
