/**
 * Positioned text → one string in reading order, the same way for every engine, so that a CER
 * compares recognition and not each engine's own block order: pieces are grouped into rows by
 * their vertical centres, rows go top to bottom and pieces left to right. A table is thus read
 * row by row, whichever engine read it.
 */

export interface PlacedText {
  text: string;
  /** [x0, y0, x1, y1], top-left origin; any unit, as long as one page uses one. */
  bbox: [number, number, number, number];
}

/** Two pieces share a row when their centres are closer than this share of the smaller height. */
const ROW_TOLERANCE = 0.4;

export function readingOrderText(pieces: readonly PlacedText[]): string {
  const items = pieces
    .filter((p) => p.text.trim() !== '')
    .map((p) => ({ ...p, yc: (p.bbox[1] + p.bbox[3]) / 2, h: Math.max(1e-6, p.bbox[3] - p.bbox[1]) }))
    .sort((a, b) => a.yc - b.yc || a.bbox[0] - b.bbox[0]);
  const rows: Array<{ yc: number; h: number; items: typeof items }> = [];
  for (const it of items) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(it.yc - row.yc) <= ROW_TOLERANCE * Math.min(it.h, row.h)) {
      row.items.push(it);
    } else {
      rows.push({ yc: it.yc, h: it.h, items: [it] });
    }
  }
  return rows
    .map((r) =>
      r.items
        .sort((a, b) => a.bbox[0] - b.bbox[0])
        .map((i) => i.text)
        .join(' '),
    )
    .join('\n');
}

/**
 * tesseract's TSV output → its text lines, boxes in points. Level 5 rows are words, keyed to
 * their line by (page, block, paragraph, line); the line's box is the union of its words.
 */
export function tesseractTsvLines(tsv: string, pointsPerPixel: number): PlacedText[] {
  const lines = new Map<string, { words: string[]; box: [number, number, number, number] }>();
  for (const row of tsv.split('\n').slice(1)) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = f.slice(11).join('\t').trim();
    if (text === '') continue;
    const [left, top, width, height] = [f[6], f[7], f[8], f[9]].map(Number) as [number, number, number, number];
    const key = f.slice(1, 5).join('/');
    const box: [number, number, number, number] = [left, top, left + width, top + height];
    const line = lines.get(key);
    if (!line) {
      lines.set(key, { words: [text], box });
    } else {
      line.words.push(text);
      line.box = [
        Math.min(line.box[0], box[0]),
        Math.min(line.box[1], box[1]),
        Math.max(line.box[2], box[2]),
        Math.max(line.box[3], box[3]),
      ];
    }
  }
  return [...lines.values()].map((l) => ({
    text: l.words.join(' '),
    bbox: l.box.map((v) => v * pointsPerPixel) as [number, number, number, number],
  }));
}

/**
 * A PDF's text lines with their boxes, from `pdftotext -bbox-layout` output (poppler groups
 * the words of a sloping line into one line, which a box per word would not). Pages from 1.
 */
export function popplerLines(xhtml: string): Map<number, PlacedText[]> {
  const pages = new Map<number, PlacedText[]>();
  let page = 0;
  let line: PlacedText | undefined;
  const attr = (tag: string, name: string): number => Number(new RegExp(`${name}="([-0-9.]+)"`).exec(tag)?.[1] ?? NaN);
  for (const m of xhtml.matchAll(/<(page|line|word)\b([^>]*)>([^<]*)|<\/line>/g)) {
    if (m[0] === '</line>') {
      if (line && line.text !== '') pages.get(page)!.push(line);
      line = undefined;
    } else if (m[1] === 'page') {
      pages.set(++page, []);
    } else if (m[1] === 'line') {
      const t = m[2]!;
      line = { text: '', bbox: [attr(t, 'xMin'), attr(t, 'yMin'), attr(t, 'xMax'), attr(t, 'yMax')] };
    } else if (line) {
      line.text += `${line.text ? ' ' : ''}${decodeEntities(m[3] ?? '')}`;
    }
  }
  return pages;
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, e: string) =>
    e === 'amp'
      ? '&'
      : e === 'lt'
        ? '<'
        : e === 'gt'
          ? '>'
          : e === 'quot'
            ? '"'
            : e === 'apos'
              ? "'"
              : String.fromCodePoint(Number(e.slice(1))),
  );
}
