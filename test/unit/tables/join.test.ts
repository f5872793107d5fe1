import { describe, expect, it } from 'vitest';
import type { GridCell } from '../../../src/model.js';
import { joinTableParts, joinedEdges, type TablePart } from '../../../src/tables/join.js';
import type { PageTable } from '../../../src/tables/page-table.js';

/**
 * A page table from rows of texts; equal neighbouring texts in a column (rows) or a row
 * (columns) given as '^' continue the cell above / to the left.
 */
function pageTable(pageNo: number, xs: number[], rows: string[][], method: PageTable['method'] = 'text'): PageTable {
  let next = 0;
  const ids: number[][] = rows.map(() => []);
  rows.forEach((row, r) =>
    row.forEach((t, c) => {
      ids[r]![c] = t === '^' ? ids[r - 1]![c]! : t === '<' ? ids[r]![c - 1]! : next++;
    }),
  );
  const text = (r: number, c: number): string => {
    const id = ids[r]![c]!;
    for (let i = 0; i < rows.length; i++) for (let j = 0; j < rows[i]!.length; j++) if (ids[i]![j] === id) return rows[i]![j]!;
    return '';
  };
  const cells: GridCell[][] = rows.map((row, r) =>
    row.map((_, c) => {
      const id = ids[r]![c]!;
      const origin = (r === 0 || ids[r - 1]![c] !== id) && (c === 0 || ids[r]![c - 1] !== id);
      return { text: text(r, c), page: pageNo, bbox: null, confidence: 1, spanId: id, origin };
    }),
  );
  return { page: pageNo, method, bbox: [xs[0]!, 50, xs[xs.length - 1]!, 700], xs, ys: [], cells, items: [], unit: 1 };
}

const part = (table: PageTable, startsPage = true, endsPage = true): TablePart => ({ table, startsPage, endsPage });
const texts = (cells: GridCell[][]): string[][] => cells.map((r) => r.map((c) => c.text));
const XS = [50, 200, 300, 400];

describe('joinTableParts', () => {
  it('drops a repeated header (the "repeat" style)', () => {
    const p1 = pageTable(1, XS, [
      ['项目', '本年', '累计'],
      ['甲', '1', '2'],
    ]);
    const p2 = pageTable(2, XS, [
      ['项目', '本年', '累计'],
      ['乙', '3', '4'],
    ]);
    const [joined, ...rest] = joinTableParts([part(p1, false), part(p2, true, false)]);
    expect(rest).toEqual([]);
    expect(joined!.table.pages).toEqual([1, 2]);
    expect(texts(joined!.table.cells)).toEqual([
      ['项目', '本年', '累计'],
      ['甲', '1', '2'],
      ['乙', '3', '4'],
    ]);
  });

  it('appends a part after a 续表 caption (the "caption" style) and keeps span ids unique', () => {
    const p1 = pageTable(3, XS, [
      ['项目', '本年', '累计'],
      ['甲', '1', '2'],
    ]);
    const p2 = pageTable(4, XS, [
      ['乙', '3', '4'],
      ['丙', '5', '6'],
    ]);
    const [joined] = joinTableParts([part(p1, false), part(p2, true, false)]);
    const cells = joined!.table.cells;
    expect(texts(cells).map((r) => r[0])).toEqual(['项目', '甲', '乙', '丙']);
    const ids = cells.flat().map((c) => c.spanId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('re-joins a merged label cell cut by the page break', () => {
    const p1 = pageTable(2, XS, [
      ['三、办理结果', '(一)予以公开', '5'],
      ['^', '(二)部分公开', '1'],
    ]);
    const p2 = pageTable(3, XS, [
      ['', '(三)不予公开', '0'],
      ['^', '(四)无法提供', '2'],
      ['四、结转', '<', '0'],
    ]);
    const [joined] = joinTableParts([part(p1, false), part(p2, true, false)]);
    const cells = joined!.table.cells;
    expect(texts(cells).map((r) => r[0])).toEqual(['三、办理结果', '三、办理结果', '三、办理结果', '三、办理结果', '四、结转']);
    expect(new Set(cells.slice(0, 4).map((r) => r[0]!.spanId)).size).toBe(1);
    expect(cells.slice(1, 4).every((r) => !r[0]!.origin)).toBe(true);
  });

  it('joins a part whose columns are a subset, spreading its cells over the finer grid', () => {
    const p1 = pageTable(1, XS, [
      ['信息内容', '本年制发', '现行有效'],
      ['规章', '1', '2'],
    ]);
    const p2 = pageTable(2, [50, 200, 400], [['行政许可', '10']]);
    const [joined] = joinTableParts([part(p1, false), part(p2, true, false)]);
    const last = joined!.table.cells[2]!;
    expect(last.map((c) => c.text)).toEqual(['行政许可', '10', '10']);
    expect(last[1]!.spanId).toBe(last[2]!.spanId);
    expect(last[2]!.origin).toBe(false);
  });

  it('keeps tables apart when text separates them or the columns differ', () => {
    const a = pageTable(1, XS, [['甲', '1', '2']]);
    const b = pageTable(2, XS, [['乙', '3', '4']]);
    expect(joinTableParts([part(a, false, false), part(b)])).toHaveLength(2); // text below a
    expect(joinTableParts([part(a, false), part(b, false)])).toHaveLength(2); // text above b
    const c = pageTable(2, [50, 120, 250, 330, 400, 450], [['x', '1', '2', '3', '4']]);
    expect(joinTableParts([part(a, false), part(c)])).toHaveLength(2);
    const d = pageTable(3, XS, [['乙', '3', '4']]);
    expect(joinTableParts([part(a, false), part(d)])).toHaveLength(2); // not the next page
  });
});

describe('joinTableParts on scans', () => {
  it('joins OCR parts whose pages sit a few points apart on the scanner, and only those', () => {
    const shifted = XS.map((x) => x + 6);
    const ocr = (page: number, xs: number[], rows: string[][]) => pageTable(page, xs, rows, 'ocr');
    const [joined, ...rest] = joinTableParts([
      part(ocr(1, XS, [['甲', '1', '2']]), false),
      part(ocr(2, shifted, [['乙', '3', '4']])),
    ]);
    expect(rest).toHaveLength(0);
    expect(texts(joined!.table.cells)).toEqual([
      ['甲', '1', '2'],
      ['乙', '3', '4'],
    ]);
    // Text PDFs place tables exactly: the same shift means another table.
    expect(
      joinTableParts([part(pageTable(1, XS, [['甲', '1', '2']]), false), part(pageTable(2, shifted, [['乙', '3', '4']]))]),
    ).toHaveLength(2);
    // A shift beyond a scanner's is another table too.
    const far = XS.map((x) => x + 40);
    expect(joinTableParts([part(ocr(1, XS, [['甲', '1', '2']]), false), part(ocr(2, far, [['乙', '3', '4']]))])).toHaveLength(2);
  });
});

describe('joinedEdges', () => {
  it('accepts equal edges within tolerance and refuses different outer edges', () => {
    expect(joinedEdges([50, 200, 400], [51, 199, 401])).toHaveLength(3);
    expect(joinedEdges([50, 200, 400], [80, 200, 400])).toBeNull();
  });
});
