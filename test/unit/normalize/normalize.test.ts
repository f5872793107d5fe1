import { describe, expect, it } from 'vitest';
import { normalizeDocument } from '../../../src/normalize/index.js';
import { recordSchema } from '../../../src/record/schema.js';
import { layout, table, valueOf } from './build-table.js';

const fujian = (cells: string[][], opts = {}) => table([['指标名称', '单位', '2018年', '历年累计'], ...cells], opts);
const rows = [
  ['主动公开信息数', '条', '10', '20'],
  ['受理政府信息公开申请总数', '条', '2', '5'],
  ['其中：1.当面申请数', '条', '1', '2'],
  ['2.网络申请数', '条', '1', '2'],
  ['3.信函、传真申请数', '条', '0', '1'],
  ['行政复议数', '件', '见附件', '1'],
];

describe('normalizeDocument', () => {
  it('warns on low OCR confidence, naming the key', () => {
    const doc = normalizeDocument(layout([fujian(rows, { method: 'ocr', confidence: 0.62 })]));
    const w = doc.warnings.filter((x) => x.code === 'OCR_LOW_CONFIDENCE');
    expect(w.map((x) => x.key)).toContain('requests.received');
    expect(w.every((x) => x.page === 1)).toBe(true);
    expect(doc.facts.find((f) => f.key === 'requests.received')!.source).toMatchObject({ method: 'ocr', confidence: 0.62 });
  });

  it('keeps an unreadable cell as null with a low confidence and a warning', () => {
    const doc = normalizeDocument(layout([fujian(rows)]));
    const f = doc.facts.find((x) => x.key === 'review.total' && x.period === 'year')!;
    expect(f).toMatchObject({ value: null, raw: '见附件' });
    expect(f.source.confidence).toBeLessThan(0.8);
    expect(doc.warnings).toContainEqual(expect.objectContaining({ code: 'UNPARSED_VALUE', key: 'review.total' }));
  });

  it('flags digits repaired from OCR look-alike letters', () => {
    const doc = normalizeDocument(layout([fujian([['主动公开信息数', '条', '1O', '2O'], ...rows.slice(1)])]));
    expect(valueOf(doc.facts, 'proactive.total')).toBe(10);
    expect(doc.facts.find((f) => f.key === 'proactive.total')!.source.confidence).toBeLessThan(0.8);
    expect(doc.warnings.filter((w) => w.code === 'OCR_LOW_CONFIDENCE' && w.key === 'proactive.total')).toHaveLength(2);
  });

  it('reports format none, with a warning when the document has tables', () => {
    const other = table([
      ['项目', '数量'],
      ['会议', '3'],
      ['培训', '2'],
    ]);
    const doc = normalizeDocument(layout([other], ['某镇2017年政府信息公开年度报告']));
    expect(doc.report.format).toBe('none');
    expect(doc.facts).toEqual([]);
    expect(doc.checks).toEqual([]);
    expect(doc.warnings.map((w) => w.code)).toEqual(['NO_STATISTICS_TABLE']);
    expect(normalizeDocument(layout([], ['正文'])).warnings).toEqual([]);
  });

  it('carries the raw tables, sections, CMS fields and layout warnings into a valid record', () => {
    const l = layout(
      [fujian(rows, { page: 2 })],
      ['永安市小陶镇人民政府 2018年政府信息公开工作年度报告', '永安市小陶镇人民政府', '2019年1月14日'],
      {
        sections: [{ heading: '一、概述', level: 1, text: '正文' }],
        cms: {
          system: 'trs',
          publisher: '永安市小陶镇人民政府',
          publishedOn: '2019-01-15',
          indexNo: 'X/2019-1',
          title: 'ignored',
          url: 'http://x',
        },
        warnings: [{ code: 'TABLE_UNREADABLE', message: 'page 3 table', page: 3 }],
      },
    );
    const doc = normalizeDocument(l);
    expect(doc.report).toEqual({
      title: '永安市小陶镇人民政府 2018年政府信息公开工作年度报告',
      agency: '永安市小陶镇人民政府',
      year: 2018,
      publishedOn: '2019-01-14',
      format: 'fujian',
      cms: { system: 'trs', publisher: '永安市小陶镇人民政府', publishedOn: '2019-01-15', indexNo: 'X/2019-1' },
    });
    expect(doc.tables[0]).toMatchObject({ page: 2, source: 'text' });
    expect(doc.tables[0]!.rows[1]).toEqual(['主动公开信息数', '条', '10', '20']);
    expect(doc.sections).toEqual([{ heading: '一、概述', level: 1, text: '正文' }]);
    expect(doc.warnings[0]).toEqual({ code: 'TABLE_UNREADABLE', message: 'page 3 table', page: 3 });
    const record = {
      schema: 'nianbao.record/v1',
      id: `sha256:${'0'.repeat(64)}`,
      status: 'complete',
      source: { name: 'x.html', mediaType: 'text/html', bytes: 1, receivedAt: '2024-01-01T00:00:00Z' },
      ...doc,
    };
    expect(recordSchema.safeParse(record).success).toBe(true);
  });
});
