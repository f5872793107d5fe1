import { describe, expect, it } from 'vitest';
import { columnEdgesFromText, findAlignedTables } from '../../../src/tables/aligned.js';
import { hrule, item, page } from './synthetic.js';

const texts = (cells: { text: string }[][]): string[][] => cells.map((r) => r.map((c) => c.text));

describe('findAlignedTables', () => {
  it('takes columns from where per-cell border pieces end (no vertical rules)', () => {
    const ys = [100, 120, 140, 160];
    const rules = ys.flatMap((y) => [hrule(y, 100, 250), hrule(y, 250, 320), hrule(y, 320, 400)]);
    const items = [
      item('指标名称', 140, 105),
      item('单位', 265, 105),
      item('本年', 350, 105),
      item('主动公开文件数', 102, 125),
      item('条', 280, 125),
      item('4286', 360, 125, 8),
      item('其中:1.政府网站公开数', 108, 145),
      item('条', 280, 145),
      item('7', 390, 145, 8),
    ];
    const tables = findAlignedTables(page(items, rules));
    expect(tables).toHaveLength(1);
    expect(texts(tables[0]!.cells)).toEqual([
      ['指标名称', '单位', '本年'],
      ['主动公开文件数', '条', '4286'],
      ['其中:1.政府网站公开数', '条', '7'],
    ]);
  });

  it('reads a three-line table: columns from text gaps, body rows from text lines', () => {
    const rules = [hrule(100, 100, 400), hrule(120, 100, 400), hrule(200, 100, 400)];
    const items = [
      item('项目', 110, 105),
      item('申请人情况', 290, 105), // centred over the last two columns
      item('自然人', 110, 130),
      item('12', 260, 130, 8),
      item('3', 355, 130, 8),
      item('法人', 110, 150),
      item('4', 260, 150, 8),
      item('0', 355, 150, 8),
      item('其他', 110, 170),
      item('1', 260, 170, 8),
      item('1', 355, 170, 8),
    ];
    const [t] = findAlignedTables(page(items, rules));
    expect(t).toBeDefined();
    expect(texts(t!.cells)).toEqual([
      ['项目', '申请人情况', '申请人情况'],
      ['自然人', '12', '3'],
      ['法人', '4', '0'],
      ['其他', '1', '1'],
    ]);
    expect(t!.cells[0]![1]!.spanId).toBe(t!.cells[0]![2]!.spanId);
    expect(t!.cells[0]![2]!.origin).toBe(false);
  });

  it('does not read body paragraphs between two rules as a table', () => {
    const rules = [hrule(100, 100, 500), hrule(200, 100, 500)];
    const items = [item('这是一段正文文字，在两条横线之间，不是表格。', 100, 120), item('第二行正文。', 100, 140)];
    expect(findAlignedTables(page(items, rules))).toEqual([]);
  });

  it('leaves rules inside excluded (ruled) tables alone', () => {
    const rules = [hrule(100, 100, 400), hrule(120, 100, 400), hrule(140, 100, 400)];
    const items = [item('甲', 110, 105), item('1', 300, 105), item('乙', 110, 125), item('2', 300, 125)];
    expect(findAlignedTables(page(items, rules), [[100, 100, 400, 140]])).toEqual([]);
    expect(findAlignedTables(page(items, rules))).toHaveLength(1);
  });
});

describe('columnEdgesFromText', () => {
  it('puts a boundary in every gap of the x-projection', () => {
    const items = [
      item('名称', 100, 0),
      item('12', 200, 0, 8),
      item('34', 300, 0, 8),
      item('名称', 100, 20),
      item('5', 200, 20, 8),
    ];
    const edges = columnEdgesFromText(items, 90, 400);
    expect(edges).toHaveLength(2);
    expect(edges[0]).toBeGreaterThan(120);
    expect(edges[0]).toBeLessThan(200);
    expect(edges[1]).toBeGreaterThan(216);
    expect(edges[1]).toBeLessThan(300);
  });
});
