import { describe, expect, it } from 'vitest';
import type { GridCell } from '../../../src/model.js';
import { findRuledTables } from '../../../src/tables/ruled.js';
import { gridRules, hrule, item, page, vrule } from './synthetic.js';

/** Checks the GridCell contract: one rectangle per spanId, same text, origin only top-left. */
function expectValidSpans(cells: GridCell[][]): void {
  const spans = new Map<number, [number, number][]>();
  cells.forEach((row, r) => row.forEach((c, k) => spans.set(c.spanId, [...(spans.get(c.spanId) ?? []), [r, k]])));
  for (const [id, pos] of spans) {
    const rows = pos.map((p) => p[0]);
    const cols = pos.map((p) => p[1]);
    const r0 = Math.min(...rows),
      r1 = Math.max(...rows),
      c0 = Math.min(...cols),
      c1 = Math.max(...cols);
    expect(pos.length, `span ${id} is a rectangle`).toBe((r1 - r0 + 1) * (c1 - c0 + 1));
    const texts = new Set(pos.map(([r, c]) => cells[r]![c]!.text));
    expect(texts.size).toBe(1);
    for (const [r, c] of pos) expect(cells[r]![c]!.origin).toBe(r === r0 && c === c0);
  }
}

describe('findRuledTables', () => {
  // 3x3 grid, columns at 100/200/300/400, rows at 100/130/160/190.
  // (0,0)+(1,0) is one cell (no rule at y=130 under column 0);
  // (2,1)+(2,2) is one cell (no rule at x=300 in row 2).
  const rules = [
    hrule(100, 100, 400),
    hrule(130, 200, 400),
    hrule(160, 100, 400),
    hrule(190, 100, 400),
    vrule(100, 100, 190),
    vrule(200, 100, 190),
    vrule(300, 100, 160),
    vrule(400, 100, 190),
  ];
  const items = [
    item('政府信息', 110, 120),
    item('公开', 110, 134), // a label wrapped inside the merged cell
    item('A', 210, 110),
    item('B', 310, 110),
    item('C', 210, 140),
    item('D', 310, 140),
    item('合计', 110, 170),
    item('宽单元格', 230, 170),
  ];

  it('rebuilds merged cells from missing rule segments', () => {
    const tables = findRuledTables(page(items, rules));
    expect(tables).toHaveLength(1);
    const { cells, xs, ys } = tables[0]!;
    expect(xs).toEqual([100, 200, 300, 400]);
    expect(ys).toEqual([100, 130, 160, 190]);
    expect(cells.map((row) => row.map((c) => c.text))).toEqual([
      ['政府信息公开', 'A', 'B'],
      ['政府信息公开', 'C', 'D'],
      ['合计', '宽单元格', '宽单元格'],
    ]);
    expect(cells[0]![0]!.spanId).toBe(cells[1]![0]!.spanId);
    expect(cells[1]![0]!.origin).toBe(false);
    expect(cells[0]![0]!.bbox).toEqual([100, 100, 200, 160]);
    expect(cells[2]![1]!.spanId).toBe(cells[2]![2]!.spanId);
    expect(cells[2]![2]!.origin).toBe(false);
    expect(cells[2]![1]!.bbox).toEqual([200, 160, 400, 190]);
    expectValidSpans(cells);
  });

  it('treats per-cell border pieces and slightly offset double lines as one rule', () => {
    const pieces = [
      hrule(100, 100, 200),
      hrule(100.4, 200, 300),
      hrule(100, 300, 400),
      hrule(130, 100, 250),
      hrule(130.6, 250, 400),
      vrule(100, 100, 130),
      vrule(250, 100, 130),
      vrule(251, 100, 115),
      vrule(250, 115, 130),
      vrule(400, 100, 130),
    ];
    const [t] = findRuledTables(page([item('左', 110, 110), item('右', 260, 110)], pieces));
    expect(t!.cells.map((r) => r.map((c) => c.text))).toEqual([['左', '右']]);
  });

  it('keeps text that overflows the bottom border of a page-cut cell', () => {
    const [t] = findRuledTables(page([item('无法提', 110, 170), item('供', 110, 185)], gridRules([100, 200, 300], [100, 190])));
    expect(t!.cells[0]![0]!.text).toBe('无法提供');
  });

  it('finds separate tables for separate rule components and ignores lone lines', () => {
    const rules2 = [
      ...gridRules([100, 200, 300], [100, 130]),
      ...gridRules([100, 300, 400], [300, 330, 360]),
      hrule(500, 50, 500),
    ];
    const tables = findRuledTables(page([], rules2));
    expect(tables.map((t) => [t.cells.length, t.cells[0]!.length])).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('adds the outer edges of a table drawn without outer borders', () => {
    const open = [hrule(100, 100, 400), hrule(130, 100, 400), hrule(160, 100, 400), vrule(200, 100, 160), vrule(300, 100, 160)];
    const [t] = findRuledTables(page([item('x', 120, 110), item('y', 350, 140)], open));
    expect(t!.xs).toEqual([100, 200, 300, 400]);
    expect(t!.cells[0]![0]!.text).toBe('x');
    expect(t!.cells[1]![2]!.text).toBe('y');
  });
});
