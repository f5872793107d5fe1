import { describe, expect, it } from 'vitest';
import { normalizeDocument } from '../../../src/normalize/index.js';
import { table, layout, valueOf } from './build-table.js';

const HEAD = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const header = [
  [HEAD, '<', '<', '申请人情况', '<', '<', '<', '<', '<', '<'],
  ['^', '^', '^', '自然人', '法人或其他组织', '<', '<', '<', '<', '总计'],
  ['^', '^', '^', '^', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '^'],
];
const R = '三、本年度办理结果';
/** [label columns…, natural, commercial, research, nonprofit, legal, other, total] */
const requestRows = (other: string[][]) => [
  ['一、本年新收政府信息公开申请数量', '<', '<', '5', '1', '0', '0', '0', '0', '6'],
  ['二、上年结转政府信息公开申请数量', '<', '<', '1', '0', '0', '0', '0', '0', '1'],
  [R, '（一）予以公开', '<', '3', '1', '0', '0', '0', '0', '4'],
  ['^', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '<', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '（三）不予公开', '1.属于国家秘密', '1', '0', '0', '0', '0', '0', '1'],
  ['^', '^', '2.其他法律行政法规禁止公开', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '3.危及“三安全一稳定”', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '4.保护第三方合法权益', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '5.属于三类内部事务信息', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '6.属于四类过程性信息', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '7.属于行政执法案卷', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '8.属于行政查询事项', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '（四）无法提供', '1.本机关不掌握相关政府信息', '1', '0', '0', '0', '0', '0', '1'],
  ['^', '^', '2.没有现成信息需要另行制作', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '3.补正后申请内容仍不明确', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '（五）不予处理', '1.信访举报投诉类申请', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '2.重复申请', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '3.要求提供公开出版物', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '4.无正当理由大量反复申请', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '5.要求行政机关确认或重新出具已获取信息', '0', '0', '0', '0', '0', '0', '0'],
  ...other,
  ['^', '（七）总计', '<', '5', '1', '0', '0', '0', '0', '6'],
  ['四、结转下年度继续办理', '<', '<', '1', '0', '0', '0', '0', '0', '1'],
];
const OTHER_2021 = [
  ['^', '（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '0', '0', '0', '0', '0', '0', '0'],
  ['^', '^', '3.其他', '0', '0', '0', '0', '0', '0', '0'],
];
const art20_2021 = table([
  ['第二十条第（一）项', '<', '<', '<'],
  ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
  ['规章', '0', '1', '2'],
  ['行政规范性文件', '3', '4', '5'],
  ['第二十条第（五）项', '<', '<', '<'],
  ['信息内容', '本年处理决定数量', '<', '<'],
  ['行政许可', '101', '<', '<'],
  ['第二十条第（六）项', '<', '<', '<'],
  ['信息内容', '本年处理决定数量', '<', '<'],
  ['行政处罚', '7', '<', '<'],
  ['行政强制', '0', '<', '<'],
  ['第二十条第（八）项', '<', '<', '<'],
  ['信息内容', '本年收费金额（单位：万元）', '<', '<'],
  ['行政事业性收费', '1.5', '<', '<'],
]);
const review = table([
  ['行政复议', '<', '<', '<', '<', '行政诉讼', '<', '<', '<', '<', '<', '<', '<', '<', '<'],
  [
    '结果维持',
    '结果纠正',
    '其他结果',
    '尚未审结',
    '总计',
    '未经复议直接起诉',
    '<',
    '<',
    '<',
    '<',
    '复议后起诉',
    '<',
    '<',
    '<',
    '<',
  ],
  [
    '^',
    '^',
    '^',
    '^',
    '^',
    '结果维持',
    '结果纠正',
    '其他结果',
    '尚未审结',
    '总计',
    '结果维持',
    '结果纠正',
    '其他结果',
    '尚未审结',
    '总计',
  ],
  ['1', '2', '0', '0', '3', '4', '0', '0', '1', '5', '0', '0', '0', '0', '0'],
]);

describe('gov2021 form', () => {
  const doc = normalizeDocument(layout([art20_2021, table([...header, ...requestRows(OTHER_2021)], { page: 2 }), review]));

  it('detects the 2021 form and maps every indicator', () => {
    expect(doc.report.format).toBe('gov2021');
    expect(doc.facts).toHaveLength(200);
    expect(doc.warnings.filter((w) => w.code === 'INDICATORS_MISSING')).toEqual([]);
  });

  it('reads merged row labels over three columns', () => {
    expect(valueOf(doc.facts, 'requests.denied.state_secret.natural')).toBe(1);
    expect(valueOf(doc.facts, 'requests.unable.not_held.total')).toBe(1);
    expect(valueOf(doc.facts, 'requests.granted.commercial')).toBe(1);
    expect(valueOf(doc.facts, 'requests.total.total')).toBe(6);
    expect(valueOf(doc.facts, 'requests.carried_out.natural')).toBe(1);
    const f = doc.facts.find((x) => x.key === 'requests.denied.state_secret.natural')!;
    expect(f.label).toBe('三、本年度办理结果 (三)不予公开 1.属于国家秘密 × 申请人情况 自然人');
    expect(f.source).toEqual({ page: 2, bbox: [150, 140, 200, 160], method: 'text', confidence: 1 });
    expect(f.unit).toBe('件');
  });

  it('reads table 2, with a value merged across columns read once, and table 4 by group', () => {
    expect(valueOf(doc.facts, 'art20_1.normative.in_force')).toBe(5);
    expect(valueOf(doc.facts, 'art20_5.licensing.decisions')).toBe(101);
    expect(valueOf(doc.facts, 'art20_8.fees.amount')).toBe(1.5);
    expect(valueOf(doc.facts, 'review.total')).toBe(3);
    expect(valueOf(doc.facts, 'litigation.direct.upheld')).toBe(4);
    expect(valueOf(doc.facts, 'litigation.direct.pending')).toBe(1);
    expect(valueOf(doc.facts, 'litigation.after_review.total')).toBe(0);
  });

  it('passes every identity of a consistent table', () => {
    expect(doc.checks.filter((c) => c.status === 'fail')).toEqual([]);
    // 25 rows × row total, 7 columns × (column total, balance), 3 review/litigation groups
    expect(doc.checks.filter((c) => c.rule === 'requests.row_total')).toHaveLength(25);
    expect(doc.checks).toHaveLength(25 + 7 + 7 + 3);
    expect(doc.checks.every((c) => c.status === 'pass')).toBe(true);
  });

  it('continues table 3 in a second table without a header (page break)', () => {
    const rows = requestRows(OTHER_2021);
    const first = table([...header, ...rows.slice(0, 10)], { page: 2 });
    // the continuation lost its merged parent cells: "（三）不予公开" is only carried down
    const rest = rows.slice(10).map((r) => r.map((c) => (c === '^' || c === '<' ? '' : c)));
    const split = normalizeDocument(layout([art20_2021, first, table(rest, { page: 3 }), review]));
    expect(split.facts).toHaveLength(200);
    expect(valueOf(split.facts, 'requests.unable.not_held.natural')).toBe(1);
    expect(valueOf(split.facts, 'requests.denied.enforcement_file.total')).toBe(0);
    expect(split.facts.find((f) => f.key === 'requests.carried_out.total')!.source.page).toBe(3);
  });

  it('reads the one-row （六）其他处理 of the 2019 form', () => {
    const art20_2019 = table([
      ['第二十条第（一）项', '<', '<', '<'],
      ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'],
      ['规章', '0', '0', '0'],
      ['规范性文件', '1', '1', '5'],
      ['第二十条第（五）项', '<', '<', '<'],
      ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
      ['行政许可', '10', '减少1', '7'],
      ['第二十条第（九）项', '<', '<', '<'],
      ['信息内容', '采购项目数量', '采购总金额', '<'],
      ['政府集中采购', '2', '251000元', '<'],
    ]);
    const other = [['^', '（六）其他处理', '<', '0', '0', '0', '0', '0', '0', '0']];
    const d = normalizeDocument(layout([art20_2019, table([...header, ...requestRows(other)]), review]));
    expect(d.report.format).toBe('gov2019');
    expect(valueOf(d.facts, 'requests.other.total')).toBe(0);
    expect(valueOf(d.facts, 'art20_5.licensing.change')).toBe(-1);
    expect(valueOf(d.facts, 'art20_9.procurement.amount')).toBe(25.1);
    expect(valueOf(d.facts, 'art20_1.normative.public_total')).toBe(5);
    expect(d.facts.some((f) => f.key.startsWith('requests.other.no_correction'))).toBe(false);
  });
});
