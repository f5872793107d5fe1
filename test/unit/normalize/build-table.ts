/**
 * Builds Table grids for the normalizer tests from a compact notation: "<" repeats the cell to
 * the left and "^" the cell above, as one merged cell (same spanId), the way the extractors
 * expand rowspan/colspan.
 */
import type { DocumentLayout, GridCell, Table, TextLine } from '../../../src/model.js';

let nextSpan = 1;

export function table(
  rows: readonly (readonly string[])[],
  opts: { page?: number; method?: Table['method']; confidence?: number } = {},
): Table {
  const page = opts.page ?? 1;
  const cells: GridCell[][] = [];
  rows.forEach((row, i) => {
    const out: GridCell[] = [];
    row.forEach((text, j) => {
      const left = out[j - 1];
      const above = cells[i - 1]?.[j];
      if (text === '<' && left) out.push({ ...left, origin: false });
      else if (text === '^' && above) out.push({ ...above, origin: false });
      else {
        const bbox: GridCell['bbox'] = [j * 50, i * 20, j * 50 + 50, i * 20 + 20];
        out.push({ text, page, bbox, confidence: opts.confidence ?? 1, spanId: nextSpan++, origin: true });
      }
    });
    cells.push(out);
  });
  return { method: opts.method ?? 'text', pages: [page], cells };
}

export function layout(tables: Table[], lines: readonly string[] = [], extra: Partial<DocumentLayout> = {}): DocumentLayout {
  const textLines: TextLine[] = lines.map((text, i) => ({ page: 1, text, bbox: [0, i * 20, 500, i * 20 + 16], fontSize: 12 }));
  return { pages: 1, lines: textLines, sections: [], tables, warnings: [], ...extra };
}

/** The value of one fact of a normalized document (undefined when absent). */
export function valueOf(facts: readonly { key: string; period: string; value: number | null }[], key: string, period = 'year') {
  return facts.find((f) => f.key === key && f.period === period)?.value;
}
