import { describe, expect, it } from 'vitest';
import { normalizeDocument } from '../../../src/normalize/index.js';
import { layout, table, valueOf } from './build-table.js';

/** The gov2014 table as seed 001 prints it after OCR: a remark split onto its own row, "^" for 个, damaged words. */
const gov2014Rows = [
  ['统 计 指 标', '单位', '统计数'],
  ['一、主动公开情况', '', ''],
  ['(一) 主动公开政府信息数', '条', '186'],
  ['(不同渠道和方式公开相同信息计1条)', '不', '180'],
  ['其中: 主动公开规范性文件数', '条', '0'],
  ['制发规范性文件总数', '件', '0'],
  ['(二)通过不同渠道和方式公开政府信息的情况', '', '507'],
  ['1. 政府公报公开政府信息数', '条', '0'],
  ['2. 政府网站公开政府倍息数', '条', '223'],
  ['3. 政务微博公开政府信息数', '条', '34'],
  ['4. 政务微信公开政府信息数', '条', '155'],
  ['5. 其他方式公开政府信息数', '条', '95'],
  ['三、依申请公开情况', '', '0'],
  ['(一)收到申请数', '件', '3'],
  ['1. 当面申请数', '件', '1'],
  ['2. 传真申请数', '件', ''],
  ['3. 网络申请数', '件', '2'],
  ['4. 信函申请数', '件', ''],
  ['四、行政复议数量', '件', '1'],
  ['(一)维持具体行政行为数', '件', '1'],
  ['(二)被依法纠错数', '件', '0'],
  ['(三) 其他情形数', '件', '0'],
  ['五、行政诉讼数量', '件', '2'],
  ['(一)维持具体行政行为或者驳回原告诉讼请求数', '件', '0'],
  ['(二)被依法纠错数', '件', '2'],
  ['(三) 其他情形数', '件', '0'],
  ['七、依申请公开信息收取的费用', '元', '3500'],
  ['八、机构建设和保障经费情况', '', ''],
  ['(一)政府信息公开工作专门机构数', '^', '1'],
  ['(三)从事政府信息公开工作人贝数', '人', '1'],
];

describe('gov2014', () => {
  const doc = normalizeDocument(layout([table(gov2014Rows, { method: 'ocr' })]));

  it('detects the form and reads OCR-damaged labels', () => {
    expect(doc.report.format).toBe('gov2014');
    expect(valueOf(doc.facts, 'proactive.total')).toBe(186);
    expect(valueOf(doc.facts, 'proactive.channels.website')).toBe(223);
    expect(valueOf(doc.facts, 'org.units')).toBe(1);
    expect(valueOf(doc.facts, 'org.staff')).toBe(1);
  });

  it('emits the channels total only where a value is printed on that heading row', () => {
    expect(valueOf(doc.facts, 'proactive.channels.total')).toBe(507);
    const blank = gov2014Rows.map((r) => (r[0]!.startsWith('(二)通过') ? [r[0]!, '', ''] : r));
    const d = normalizeDocument(layout([table(blank)]));
    expect(d.facts.some((f) => f.key === 'proactive.channels.total')).toBe(false);
    expect(d.checks.find((c) => c.rule === 'proactive.channels.sum')?.status).toBe('skip');
  });

  it('tells the twin rows under 四、 and 五、 apart by their heading', () => {
    expect(valueOf(doc.facts, 'review.corrected')).toBe(0);
    expect(valueOf(doc.facts, 'litigation.corrected')).toBe(2);
    expect(valueOf(doc.facts, 'litigation.total')).toBe(2);
  });

  it('keeps printed blanks as null and converts 元 in the unit column to 万元', () => {
    expect(valueOf(doc.facts, 'requests.received.fax')).toBeNull();
    expect(valueOf(doc.facts, 'fees')).toBe(0.35);
    expect(doc.facts.find((f) => f.key === 'fees')).toMatchObject({ raw: '3500', unit: '万元' });
  });

  it('gives no fact for a row that is not in the document', () => {
    expect(doc.facts.some((f) => f.key === 'complaints')).toBe(false);
    expect(doc.facts.some((f) => f.key === 'training.meetings')).toBe(false);
    expect(doc.warnings.find((w) => w.code === 'INDICATORS_MISSING')?.message).toMatch(
      /^34 indicators of gov2014 not found.*response.hotspots/,
    );
  });

  it('evaluates the parent = children identities', () => {
    const status = (rule: string) => doc.checks.find((c) => c.rule === rule)?.status;
    expect(status('proactive.channels.sum')).toBe('pass');
    expect(status('requests.received.sum')).toBe('pass');
    expect(status('review.sum')).toBe('pass');
    expect(status('litigation.sum')).toBe('pass');
    expect(status('org.staff.sum')).toBe('skip');
  });

  it('continues the table in a second grid without a header', () => {
    const d = normalizeDocument(layout([table(gov2014Rows.slice(0, 12)), table(gov2014Rows.slice(12), { page: 2 })]));
    expect(valueOf(d.facts, 'litigation.corrected')).toBe(2);
    expect(d.facts.find((f) => f.key === 'litigation.corrected')!.source.page).toBe(2);
  });
});

const fujianRows = [
  ['指标名称', '单位', '2018年', '历年累计'],
  ['主动公开信息数', '条', '76', '437'],
  ['其中：1.政府网站公开数', '条', '76', '437'],
  ['2.政府公报公开数', '条', '0', ''],
  ['受理政府信息公开申请总数', '条', '5', '20'],
  ['其中：1.当面申请数', '条', '2', '10'],
  ['2.电子邮件申请数', '条', '2', '6'],
  ['3.信函、传真申请数', '条', '1', '4'],
  ['对申请的答复总数', '条', '5', '20'],
  ['其中：1.同意公开答复数', '条', '3', '12'],
  ['2.同意部分公开答复数', '条', '0', '2'],
  ['3.否决公开答复数', '条', '1', '3'],
  ['4.其他类型答复数', '条', '0', '3'],
  ['行政申诉数', '件', '0', '0'],
  ['行政复议数', '件', '0', '1'],
  ['行政诉讼数', '件', '0', '0'],
];

describe('fujian', () => {
  const doc = normalizeDocument(layout([table(fujianRows)]));

  it('reads the year column as period year and 历年累计 as cumulative, with the aliases', () => {
    expect(doc.report.format).toBe('fujian');
    expect(doc.facts).toHaveLength(30);
    expect(valueOf(doc.facts, 'proactive.total')).toBe(76);
    expect(valueOf(doc.facts, 'proactive.total', 'cumulative')).toBe(437);
    expect(valueOf(doc.facts, 'requests.received.online', 'cumulative')).toBe(6);
    expect(valueOf(doc.facts, 'requests.replied.denied')).toBe(1);
    expect(valueOf(doc.facts, 'complaints')).toBe(0);
    expect(valueOf(doc.facts, 'proactive.gazette', 'cumulative')).toBeNull();
  });

  it('checks both periods and fails the broken one only', () => {
    const replied = doc.checks.filter((c) => c.rule === 'requests.replied.sum');
    expect(replied.map((c) => c.status)).toEqual(['fail', 'pass']);
    expect(replied[0]!.detail).toBe('requests.replied 5 ≠ 3 + 0 + 1 + 0 = 4');
    expect(replied[0]!.keys).toContain('requests.replied.granted');
    expect(doc.checks.filter((c) => c.rule === 'requests.received.sum').map((c) => c.status)).toEqual(['pass', 'pass']);
  });

  it('finds the cumulative column beside the year column when its header is unreadable', () => {
    const damaged = [['指标名称', '单位', '2018年', '历年累汁'], ...fujianRows.slice(1)];
    expect(valueOf(normalizeDocument(layout([table(damaged)])).facts, 'proactive.total', 'cumulative')).toBe(437);
    const lost = [['指标名称', '单位', '2018年', '##'], ...fujianRows.slice(1)];
    const d = normalizeDocument(layout([table(lost)]));
    expect(valueOf(d.facts, 'proactive.total', 'cumulative')).toBe(437);
    expect(d.warnings.some((w) => w.code === 'LABEL_UNCERTAIN' && w.key === 'proactive.total')).toBe(true);
  });
});
