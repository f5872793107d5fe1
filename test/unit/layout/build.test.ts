import { describe, expect, it } from 'vitest';
import { buildLayout } from '../../../src/layout/build.js';
import { gridRules, item, page } from '../tables/synthetic.js';

const XS = [70, 250, 350, 450];

describe('buildLayout', () => {
  it('joins a table continued after a 续表 caption and marks table text inTable', () => {
    const p1 = page(
      [
        item('一、统计', 80, 60),
        item('项目', 80, 105),
        item('本年', 260, 105),
        item('累计', 360, 105),
        item('行政复议', 80, 125),
        item('1', 260, 125),
        item('2', 360, 125),
        item('—1—', 280, 800),
      ],
      gridRules(XS, [100, 120, 140]),
      1,
    );
    const p2 = page(
      [item('续表', 70, 60), item('行政诉讼', 80, 105), item('3', 260, 105), item('4', 360, 105), item('二、其他', 80, 200)],
      gridRules(XS, [100, 120]),
      2,
    );
    const layout = buildLayout([p1, p2]);
    expect(layout.pages).toBe(2);
    expect(layout.tables).toHaveLength(1);
    const t = layout.tables[0]!;
    expect(t.pages).toEqual([1, 2]);
    expect(t.caption).toBe('一、统计');
    expect(t.method).toBe('text');
    expect(t.cells.map((r) => r.map((c) => c.text))).toEqual([
      ['项目', '本年', '累计'],
      ['行政复议', '1', '2'],
      ['行政诉讼', '3', '4'],
    ]);
    expect(layout.lines.filter((l) => !l.inTable).map((l) => l.text)).toEqual(['一、统计', '二、其他']);
    expect(layout.lines.some((l) => l.inTable && l.text === '续表')).toBe(true);
    expect(layout.sections.map((s) => s.heading)).toEqual(['一、统计', '二、其他']);
  });

  it('keeps tables separated by body text apart', () => {
    const p1 = page([item('甲', 80, 105), item('1', 260, 105), item('正文在表格下面。', 80, 300)], gridRules(XS, [100, 120]), 1);
    const p2 = page([item('乙', 80, 105), item('2', 260, 105)], gridRules(XS, [100, 120]), 2);
    expect(buildLayout([p1, p2]).tables).toHaveLength(2);
  });

  it('reads a lone framed box as text, not as a table', () => {
    const p1 = page([item('注:本表数据截至年底。', 80, 105)], gridRules([70, 450], [100, 120]), 1);
    const layout = buildLayout([p1]);
    expect(layout.tables).toEqual([]);
    expect(layout.lines.map((l) => [l.text, l.inTable ?? false])).toEqual([['注:本表数据截至年底。', false]]);
  });
});

describe('buildLayout with running headers and footers', () => {
  it('joins a table across a page break with a browser header and footer on every page', () => {
    const furniture = (n: number) => [item('报告标题 - 政府网站', 200, 20), item(`http://www.gov.cn/a.html ${n}/2`, 70, 815)];
    const p1 = page(
      [...furniture(1), item('一、统计', 80, 60), item('甲', 80, 105), item('1', 260, 105)],
      gridRules(XS, [100, 120]),
      1,
    );
    const p2 = page(
      [...furniture(2), item('乙', 80, 105), item('2', 260, 105), item('二、其他', 80, 200)],
      gridRules(XS, [100, 120]),
      2,
    );
    const layout = buildLayout([p1, p2]);
    expect(layout.tables).toHaveLength(1);
    expect(layout.tables[0]!.cells.map((r) => r[0]!.text)).toEqual(['甲', '乙']);
    expect(layout.sections.map((s) => s.heading)).toEqual(['一、统计', '二、其他']);
    expect(layout.sections[0]!.text).toBe('');
  });
});
