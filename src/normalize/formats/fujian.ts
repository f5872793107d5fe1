/**
 * The Fujian provincial table (福建省政府信息公开情况统计表): "指标名称 | 单位 | 2018年 |
 * 历年累计". The year column gives period 'year', 历年累计 period 'cumulative'.
 */
import type { Table } from '../../model.js';
import { FUJIAN_ROWS } from '../indicators.js';
import { labelSimilarity } from '../labels.js';
import { type CellMatch, groupTables, labelHits, mentionCount } from './grid.js';
import { type ColumnRoles, mapSingleColumnTables } from './single-column.js';

export const FUJIAN_WORDS = [
  '历年累计',
  '受理政府信息公开申请总数',
  '对申请的答复总数',
  '主动公开文件数',
  '主动公开信息数',
  '政府网站公开数',
  '政府公报公开数',
  '其他类型答复数',
  '行政申诉',
];

const YEAR_HEADER_RE = /^(?:(?:\d{4}|[〇零一二三四五六七八九]{4})年度?|本年度?|当年)(?:数|数量)?$/;

/** The year column ("2018年", "本年") and 历年累计, read loosely when OCR damaged them. */
function valueHeader(text: string): { period: 'year' | 'cumulative'; score: number } | null {
  if (YEAR_HEADER_RE.test(text)) return { period: 'year', score: 1 };
  if (/累计/.test(text)) return { period: 'cumulative', score: 1 };
  const cumulative = labelSimilarity(text, '历年累计');
  if (cumulative >= 0.5) return { period: 'cumulative', score: cumulative };
  // "2O18年": a year with OCR look-alike letters (a bare number is a value, not a header)
  const repaired = text.replace(/[Oo]/g, '0').replace(/[lI]/g, '1');
  if (repaired !== text && YEAR_HEADER_RE.test(repaired)) return { period: 'year', score: 0.75 };
  return null;
}

/** Without a readable header the year column is taken to come first, as the form prints it — flagged. */
const POSITIONAL_SCORE = 0.75;

function defaultRoles(width: number): ColumnRoles {
  const values = (year: number): ColumnRoles['values'] => [
    { index: year, period: 'year', label: '本年', score: POSITIONAL_SCORE },
    { index: year + 1, period: 'cumulative', label: '历年累计', score: POSITIONAL_SCORE },
  ];
  return width >= 4 ? { labelEnd: width - 3, unit: width - 3, values: values(width - 2) } : { labelEnd: 1, values: values(1) };
}

export function mapFujian(tables: readonly Table[]): CellMatch[] {
  const classify = (t: Table) => (mentionCount(t, FUJIAN_WORDS) >= 2 || labelHits(t, FUJIAN_ROWS) >= 3 ? 'stats' : null);
  return groupTables(tables, classify).flatMap((g) =>
    mapSingleColumnTables(g.tables, {
      rows: FUJIAN_ROWS,
      valueHeader,
      periods: ['year', 'cumulative'],
      defaultRoles,
    }),
  );
}
