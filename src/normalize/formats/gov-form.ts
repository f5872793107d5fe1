/**
 * The 2019 and 2021 national forms (国办公开办函〔2019〕60号, 〔2021〕30号): three statistics
 * tables, printed as separate tables (table 2 第二十条, table 3 依申请公开, table 4 复议诉讼).
 * The two forms differ only in the wording of table 2 and the rows of （六）其他处理.
 */
import type { Table } from '../../model.js';
import { ART20, type GovFormat, REQUEST_ROWS, REVIEW_COLUMNS } from '../indicators.js';
import { mapArt20Tables } from './gov-art20.js';
import { mapRequestTables } from './gov-requests.js';
import { mapReviewTables } from './gov-review.js';
import { type CellMatch, groupTables, labelHits, mentionCount } from './grid.js';

type GovTable = 'art20' | 'requests' | 'review';

const REQUEST_WORDS = [
  '本年新收政府信息公开申请数量',
  '上年结转政府信息公开申请数量',
  '本年度办理结果',
  '结转下年度继续办理',
  '申请人情况',
  '予以公开',
  '不予公开',
  '无法提供',
  '不予处理',
  '自然人',
  '商业企业',
];
const REVIEW_WORDS = ['行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', '尚未审结', '结果维持', '结果纠正'];
const ART20_WORDS = [
  '信息内容',
  '第二十条',
  '规章',
  '规范性文件',
  '行政许可',
  '行政处罚',
  '行政强制',
  '行政事业性收费',
  '政府集中采购',
  '本年制发件数',
  '现行有效件数',
  '本年新制作数量',
  '对外公开总数量',
  '上一年项目数量',
  '处理决定数量',
];

/**
 * Which of the form's tables this is, by the words it prints or the form's row labels found
 * in it (two or more): a fragment continued on another page has no header words.
 */
export function classifyGovTable(t: Table, format: GovFormat): GovTable | null {
  const scores: [GovTable, number][] = [
    ['requests', Math.max(mentionCount(t, REQUEST_WORDS), labelHits(t, REQUEST_ROWS[format]))],
    ['review', Math.max(mentionCount(t, REVIEW_WORDS), labelHits(t, REVIEW_COLUMNS))],
    ['art20', Math.max(mentionCount(t, ART20_WORDS), labelHits(t, ART20[format].rows))],
  ];
  const [kind, score] = scores.sort((a, b) => b[1] - a[1])[0]!;
  return score >= 2 ? kind : null;
}

export function mapGovForm(tables: readonly Table[], format: GovFormat): CellMatch[] {
  return groupTables(tables, (t) => classifyGovTable(t, format)).flatMap((g) => {
    switch (g.kind) {
      case 'art20':
        return mapArt20Tables(g.tables, format);
      case 'requests':
        return mapRequestTables(g.tables, format);
      case 'review':
        return mapReviewTables(g.tables);
    }
  });
}
