/** Builders for synthetic pages: text items and ruling segments in top-left page space. */
import type { PageContent, RuleSegment, TextItem } from '../../../src/model.js';

/** A text run whose box starts at x with its top at `top`; 10 pt wide per character. */
export function item(text: string, x: number, top: number, size = 10): TextItem {
  return { text, bbox: [x, top, x + [...text].length * size, top + size], fontSize: size, confidence: 1 };
}

export function hrule(y: number, x0: number, x1: number): RuleSegment {
  return { x0, y0: y, x1, y1: y };
}

export function vrule(x: number, y0: number, y1: number): RuleSegment {
  return { x0: x, y0, x1: x, y1 };
}

export function page(items: TextItem[], rules: RuleSegment[], n = 1): PageContent {
  return { page: n, width: 595, height: 842, method: 'text', items, rules };
}

/** Full-width horizontal and full-height vertical rules of a plain grid. */
export function gridRules(xs: number[], ys: number[]): RuleSegment[] {
  const x0 = xs[0]!,
    x1 = xs[xs.length - 1]!,
    y0 = ys[0]!,
    y1 = ys[ys.length - 1]!;
  return [...ys.map((y) => hrule(y, x0, x1)), ...xs.map((x) => vrule(x, y0, y1))];
}
