/**
 * Text runs → lines in reading order (top to bottom, then left to right).
 */
import type { BBox, PageContent, TextItem, TextLine } from '../model.js';
import { closeCjkGaps, normalizeText } from '../text/normalize-text.js';

/** Runs whose vertical centres differ by less than this share of the font size share a line. */
const SAME_LINE_EM = 0.45;
/** Page numbers are only looked for in the top and bottom bands of this share of the page. */
const PAGE_NUMBER_BAND = 0.12;

const PAGE_NUMBER_RES: readonly RegExp[] = [
  /^[-—–─一~_ ]*\d{1,4}[-—–─一~_ ]*$/, // —1—, - 2 -, 3
  /^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/, // 第 3 页, 第3页共5页
  /^\d{1,4}\s*\/\s*\d{1,4}$/, // 3/5
  /^(page|p\.)\s*\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i,
];

/** True for a page-number line such as "—1—", "- 2 -" or "第 3 页". */
export function isPageNumberText(text: string): boolean {
  const t = text.trim();
  return t !== '' && PAGE_NUMBER_RES.some((re) => re.test(t));
}

/** Visual lines of `items`: groups sorted top to bottom, each sorted left to right. */
export function groupIntoLines(items: readonly TextItem[]): TextItem[][] {
  const sorted = [...items].sort((a, b) => midY(a) - midY(b) || a.bbox[0] - b.bbox[0]);
  const lines: TextItem[][] = [];
  let cur: TextItem[] = [];
  let y = 0;
  let size = 0;
  for (const it of sorted) {
    const tol = SAME_LINE_EM * Math.min(size || it.fontSize, it.fontSize);
    if (cur.length > 0 && midY(it) - y > tol) {
      lines.push(cur);
      cur = [];
    }
    if (cur.length === 0) {
      y = midY(it);
      size = it.fontSize;
    }
    cur.push(it);
  }
  if (cur.length > 0) lines.push(cur);
  return lines.map((l) => l.sort((a, b) => a.bbox[0] - b.bbox[0]));
}

/** The runs of one line joined by spaces, with the spaces between CJK characters closed. */
export function joinRuns(items: readonly TextItem[]): string {
  return closeCjkGaps(
    normalizeText(
      items
        .map((i) => i.text.trim())
        .filter(Boolean)
        .join(' '),
    ),
  ).trim();
}

/**
 * Joins wrapped lines of one paragraph or cell: no separator, except a space between two
 * Latin letters (an English word wrapped at a space).
 */
export function joinWrapped(parts: readonly string[]): string {
  let out = '';
  for (const p of parts) {
    const t = p.trim();
    if (t === '') continue;
    out += out !== '' && /[A-Za-z]$/.test(out) && /^[A-Za-z]/.test(t) ? ' ' + t : t;
  }
  return out;
}

export function unionBox(items: readonly { bbox: BBox }[]): BBox {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const { bbox } of items) {
    x0 = Math.min(x0, bbox[0]);
    y0 = Math.min(y0, bbox[1]);
    x1 = Math.max(x1, bbox[2]);
    y1 = Math.max(y1, bbox[3]);
  }
  return [x0, y0, x1, y1];
}

/**
 * Lines of one page from the given items (all of the page's items by default), page numbers
 * in the top and bottom bands dropped.
 */
export function buildLines(page: PageContent, items: readonly TextItem[] = page.items): TextLine[] {
  const out: TextLine[] = [];
  for (const group of groupIntoLines(items)) {
    const text = joinRuns(group);
    if (text === '') continue;
    const bbox = unionBox(group);
    const inBand = bbox[3] < page.height * PAGE_NUMBER_BAND || bbox[1] > page.height * (1 - PAGE_NUMBER_BAND);
    if (inBand && isPageNumberText(text)) continue;
    const line: TextLine = {
      page: page.page,
      text,
      bbox,
      fontSize: group.reduce((s, i) => s + i.fontSize, 0) / group.length,
    };
    if (group.every((i) => i.bold)) line.bold = true;
    out.push(line);
  }
  return out;
}

function midY(it: TextItem): number {
  return (it.bbox[1] + it.bbox[3]) / 2;
}
