import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { GridCell } from '../../../src/model.js';
import { expandGrid, htmlTableToTable, isLayoutTable } from '../../../src/html/tables.js';

/** The first <table> of an HTML fragment as a Table. */
function table(html: string, index = 0) {
  const $ = load(html);
  const el = $('table').get(index);
  if (el === undefined) throw new Error('no table');
  return { $, el, table: htmlTableToTable(el) };
}

const texts = (cells: GridCell[][]) => cells.map((row) => row.map((c) => c.text));

/** Every merged region shares one spanId, with one origin at its top-left. */
function expectSpanContract(cells: GridCell[][]) {
  const width = cells[0]?.length ?? 0;
  for (const row of cells) expect(row).toHaveLength(width);
  const byId = new Map<number, { r: number; c: number; cell: GridCell }[]>();
  cells.forEach((row, r) => row.forEach((cell, c) => byId.set(cell.spanId, [...(byId.get(cell.spanId) ?? []), { r, c, cell }])));
  for (const slots of byId.values()) {
    const origins = slots.filter((s) => s.cell.origin);
    expect(origins).toHaveLength(1);
    const top = Math.min(...slots.map((s) => s.r));
    const left = Math.min(...slots.map((s) => s.c));
    expect(origins[0]).toMatchObject({ r: top, c: left });
    expect(new Set(slots.map((s) => s.cell.text)).size).toBe(1);
  }
  for (const cell of cells.flat()) expect(cell).toMatchObject({ page: 1, bbox: null, confidence: 1 });
}

describe('expandGrid', () => {
  it('expands rowspan and colspan into a rectangle', () => {
    const grid = expandGrid([
      [
        { text: 'A', rowspan: 2, colspan: 2 },
        { text: 'B', rowspan: 1, colspan: 1 },
      ],
      [{ text: 'C', rowspan: 1, colspan: 1 }],
      [
        { text: 'D', rowspan: 1, colspan: 1 },
        { text: 'E', rowspan: 1, colspan: 2 },
      ],
    ]);
    expect(texts(grid)).toEqual([
      ['A', 'A', 'B'],
      ['A', 'A', 'C'],
      ['D', 'E', 'E'],
    ]);
    expectSpanContract(grid);
  });

  it('pads short rows, clips rowspans past the end, reads colspan=0 as 1 and rowspan=0 as to the end', () => {
    const grid = expandGrid([
      [
        { text: 'a', rowspan: 9, colspan: 1 },
        { text: 'b', rowspan: 1, colspan: 0 },
        { text: 'c', rowspan: 1, colspan: 1 },
      ],
      [{ text: 'd', rowspan: 0, colspan: 1 }],
      [],
    ]);
    expect(texts(grid)).toEqual([
      ['a', 'b', 'c'],
      ['a', 'd', ''],
      ['a', 'd', ''],
    ]);
    expectSpanContract(grid);
  });

  it('drops rows that hold no cell at all', () => {
    const grid = expandGrid([[{ text: 'x', rowspan: 1, colspan: 2 }], [], [{ text: 'y', rowspan: 1, colspan: 1 }]]);
    expect(texts(grid)).toEqual([
      ['x', 'x'],
      ['y', ''],
    ]);
  });
});

describe('htmlTableToTable', () => {
  it('expands the nested row labels of a gov2021-style results block', () => {
    const { table: t } = table(`<table>
      <tr><td rowspan="2" colspan="2">项目</td><td colspan="2">申请人情况</td></tr>
      <tr><td>自然人</td><td>总计</td></tr>
      <tr><td rowspan="3">三、本年度办理结果</td><td>（一）予以公开</td><td>1</td><td>2</td></tr>
      <tr><td>（二）部分公开</td><td>3</td><td>4</td></tr>
      <tr><td>（三）不予公开</td><td>5</td><td>6</td></tr>
      <tr><td colspan="2">四、结转下年度继续办理</td><td>7</td><td>8</td></tr>
    </table>`);
    expect(t).toBeDefined();
    const cells = t?.cells ?? [];
    expect(texts(cells)).toEqual([
      ['项目', '项目', '申请人情况', '申请人情况'],
      ['项目', '项目', '自然人', '总计'],
      ['三、本年度办理结果', '(一)予以公开', '1', '2'],
      ['三、本年度办理结果', '(二)部分公开', '3', '4'],
      ['三、本年度办理结果', '(三)不予公开', '5', '6'],
      ['四、结转下年度继续办理', '四、结转下年度继续办理', '7', '8'],
    ]);
    expectSpanContract(cells);
    expect(t).toMatchObject({ method: 'html', pages: [1] });
  });

  it('pads irregular rows and reads <th>, <p>, <br>, <span> and &nbsp; in cells', () => {
    const { table: t } = table(`<table><thead><tr><th>指标名称</th><th>单位</th><th>数量</th></tr></thead>
      <tbody><tr><td><p>主动公开</p><p>文件数</p></td><td>条</td></tr>
      <tr><td>其中：<br>政府网站<span>公开数</span></td><td>&nbsp;条&nbsp;</td><td> 12 </td><td>extra</td></tr></tbody></table>`);
    const cells = t?.cells ?? [];
    expect(texts(cells)).toEqual([
      ['指标名称', '单位', '数量', ''],
      ['主动公开文件数', '条', '', ''],
      ['其中:政府网站公开数', '条', '12', 'extra'],
    ]);
    expectSpanContract(cells);
  });

  it('keeps a nested table out of the outer cell text', () => {
    const { $, table: outer } = table(`<table>
      <tr><td>外层</td><td>值<table><tr><td>内层A</td><td>内层B</td></tr><tr><td>1</td><td>2</td></tr></table></td></tr>
      <tr><td>合计</td><td>3</td></tr></table>`);
    expect(texts(outer?.cells ?? [])).toEqual([
      ['外层', '值'],
      ['合计', '3'],
    ]);
    const innerEl = $('table table').get(0);
    expect(innerEl).toBeDefined();
    const inner = innerEl === undefined ? undefined : htmlTableToTable(innerEl);
    expect(texts(inner?.cells ?? [])).toEqual([
      ['内层A', '内层B'],
      ['1', '2'],
    ]);
  });

  it('gives nothing for a table without two cells of text, and calls frames layout tables', () => {
    expect(table('<table><tr><td>only</td></tr></table>').table).toBeUndefined();
    expect(isLayoutTable(table('<table><tr><td><p>a</p></td></tr><tr><td>b</td></tr></table>').el)).toBe(true);
    expect(isLayoutTable(table('<table><tr><td>a</td><td>b</td></tr></table>').el)).toBe(true);
    expect(isLayoutTable(table('<table><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table>').el)).toBe(false);
  });
});
