/**
 * Recognises the statistics form from the tables themselves (never from the year or the
 * title: agencies kept printing old forms after a new one was issued).
 *
 * - gov2021 / gov2019: the national form of 2021 or 2019 — table 3 (申请人情况 × 本年新收 …)
 *   and table 4 (行政复议 / 行政诉讼) are common; table 2 words (本年制发件数 vs 本年新制作数量)
 *   and the three-row （六）其他处理 of 2021 tell them apart.
 * - gov2014: 统计指标 | 单位 | 统计数 with 主动公开情况, 依申请公开情况, 收到申请数 …
 * - fujian: 指标名称 | 单位 | 本年 | 历年累计 with 受理政府信息公开申请总数 …
 * - none: no statistics table (a report with only prose).
 */
import type { Table } from '../model.js';
import type { ReportFormat } from '../record/schema.js';
import { FUJIAN_WORDS } from './formats/fujian.js';
import { GOV2014_WORDS } from './formats/gov2014.js';
import { cellsMention, labelledCells } from './formats/grid.js';

const GOV_COMMON = [
  '本年新收政府信息公开申请数量',
  '上年结转政府信息公开申请数量',
  '本年度办理结果',
  '结转下年度继续办理',
  '申请人情况',
  '未经复议直接起诉',
  '复议后起诉',
  '尚未审结',
];
const GOV2021_ONLY = [
  '本年制发件数',
  '本年废止件数',
  '现行有效件数',
  '本年收费金额',
  '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
];
const GOV2019_ONLY = [
  '本年新制作数量',
  '本年新公开数量',
  '对外公开总数量',
  '上一年项目数量',
  '本年增/减',
  '采购项目数量',
  '采购总金额',
  '其他对外管理服务事项',
];

export interface FormatScores {
  govCommon: number;
  gov2021: number;
  gov2019: number;
  gov2014: number;
  fujian: number;
}

/** How many of each form's characteristic words the tables print (each word counted once). */
export function formatScores(tables: readonly Table[]): FormatScores {
  const cells = tables.map(labelledCells);
  const count = (words: readonly string[]) => words.filter((w) => cells.some((c) => cellsMention(c, w))).length;
  return {
    govCommon: count(GOV_COMMON),
    gov2021: count(GOV2021_ONLY),
    gov2019: count(GOV2019_ONLY),
    gov2014: count(GOV2014_WORDS),
    fujian: count(FUJIAN_WORDS),
  };
}

export function detectFormat(tables: readonly Table[]): ReportFormat {
  const s = formatScores(tables);
  if (s.govCommon >= 3 || s.gov2021 + s.gov2019 >= 2) {
    // a tie (table 2 missing, （六） printed as one row): the one-row 其他处理 is the 2019 form
    return s.gov2021 > s.gov2019 ? 'gov2021' : 'gov2019';
  }
  if (Math.max(s.gov2014, s.fujian) >= 3) return s.fujian > s.gov2014 ? 'fujian' : 'gov2014';
  return 'none';
}
