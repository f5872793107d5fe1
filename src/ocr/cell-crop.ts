/**
 * The ink of one table cell: cropped inside the cell's ruling lines, with what is left of the
 * borders peeled off, so that OCR never reads a rule as 1, l or |.
 */
import type { BBox } from '../model.js';
import type { GreyPage } from './preprocess.js';

/** A cell's ink, page pixels. */
export interface CellCrop {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Number of separate text lines (ink row bands). */
  lines: number;
  /** Each text line's ink box, page pixels, top to bottom. */
  bands: [number, number, number, number][];
  /** The cell inside its borders: a crop may grow by a margin, but not past this. */
  inner: [number, number, number, number];
}

/** Distance (pt) kept from the rule centre lines: half a border plus a little. */
const INSET_PT = 0.9;
/** Rows/columns this close (pt) to the crop edge that are mostly ink are border remains. */
const BORDER_ZONE_PT = 2.5;
/** A row (column) is a rule when ink covers this share of it; text never comes close. */
const BORDER_INK_SHARE = 0.8;
/** Fewer ink pixels than this many pt² is an empty cell (scan noise). */
const MIN_INK_PT2 = 1.2;
/** Rows (columns) with fewer ink pixels than this are blank (a lone speck does not count). */
const MIN_LINE_INK = 2;
/** Text lines in a cell are separated by blank gaps of at least this (pt). */
const MIN_LINE_GAP_PT = 1.5;

/** The ink inside a cell given in page points, or null for an empty cell. */
export function inkCrop(g: GreyPage, ink: Uint8Array, bbox: BBox): CellCrop | null {
  const ppp = g.pointsPerPixel;
  const inset = INSET_PT / ppp;
  let x0 = Math.max(0, Math.ceil(bbox[0] / ppp + inset));
  let x1 = Math.min(g.width, Math.floor(bbox[2] / ppp - inset));
  let y0 = Math.max(0, Math.ceil(bbox[1] / ppp + inset));
  let y1 = Math.min(g.height, Math.floor(bbox[3] / ppp - inset));
  if (x1 - x0 < 3 || y1 - y0 < 3) return null;
  const w = g.width;
  const rowInk = (y: number): number => count(ink, y * w + x0, y * w + x1, 1);
  const colInk = (x: number): number => count(ink, y0 * w + x, y1 * w + x, w);
  // Peel border remains: the innermost mostly-ink row (column) within the zone by each edge.
  // The grid edges can be off by a point or two (the table builder averages a rule's
  // position with collinear rules of other tables), so the zone is searched, not just the edge.
  const zone = Math.ceil(BORDER_ZONE_PT / ppp);
  const wide = x1 - x0;
  for (let k = zone - 1; k >= 0; k--)
    if (y0 + k < y1 && rowInk(y0 + k) > BORDER_INK_SHARE * wide) {
      y0 += k + 1;
      break;
    }
  for (let k = zone - 1; k >= 0; k--)
    if (y1 - 1 - k > y0 && rowInk(y1 - 1 - k) > BORDER_INK_SHARE * wide) {
      y1 -= k + 1;
      break;
    }
  if (y1 - y0 < 3) return null;
  const tall = y1 - y0;
  for (let k = zone - 1; k >= 0; k--)
    if (x0 + k < x1 && colInk(x0 + k) > BORDER_INK_SHARE * tall) {
      x0 += k + 1;
      break;
    }
  for (let k = zone - 1; k >= 0; k--)
    if (x1 - 1 - k > x0 && colInk(x1 - 1 - k) > BORDER_INK_SHARE * tall) {
      x1 -= k + 1;
      break;
    }
  if (x1 - x0 < 3) return null;

  const rows: number[] = [];
  for (let y = y0; y < y1; y++) rows.push(rowInk(y));
  const cols: number[] = [];
  for (let x = x0; x < x1; x++) cols.push(colInk(x));
  const r0 = rows.findIndex((c) => c >= MIN_LINE_INK);
  const c0 = cols.findIndex((c) => c >= MIN_LINE_INK);
  if (r0 < 0 || c0 < 0) return null;
  const r1 = lastIndex(rows, (c) => c >= MIN_LINE_INK);
  const c1 = lastIndex(cols, (c) => c >= MIN_LINE_INK);
  let total = 0;
  for (let r = r0; r <= r1; r++) total += rows[r]!;
  if (total < MIN_INK_PT2 / (ppp * ppp)) return null;
  const bands = lineBands(rows, r0, r1, Math.max(2, Math.round(MIN_LINE_GAP_PT / ppp))).map(
    ([a, b]): [number, number, number, number] => {
      const ys = [y0 + a, y0 + b + 1] as const;
      let bx0 = x1;
      let bx1 = x0;
      for (let x = x0 + c0; x <= x0 + c1; x++) {
        if (count(ink, ys[0] * w + x, ys[1] * w + x, w) > 0) {
          bx0 = Math.min(bx0, x);
          bx1 = Math.max(bx1, x + 1);
        }
      }
      return [bx0, ys[0], Math.max(bx1, bx0 + 1), ys[1]];
    },
  );
  return {
    x0: x0 + c0,
    y0: y0 + r0,
    x1: x0 + c1 + 1,
    y1: y0 + r1 + 1,
    lines: bands.length,
    bands,
    inner: [x0, y0, x1, y1],
  };
}

/**
 * Runs of inked rows (indices r0..r1 of `rows`) separated by blank gaps of at least `minGap`
 * rows; a band with too little ink to be text joins its neighbour.
 */
function lineBands(rows: readonly number[], r0: number, r1: number, minGap: number): [number, number][] {
  const bands: [number, number][] = [];
  let gap = Infinity;
  for (let r = r0; r <= r1; r++) {
    if (rows[r]! >= MIN_LINE_INK) {
      if (gap >= minGap || bands.length === 0) bands.push([r, r]);
      else bands[bands.length - 1]![1] = r;
      gap = 0;
    } else gap++;
  }
  // Thin bands (a dash, a speck line) under 1.5 gaps tall stay with the band above or below.
  const merged: [number, number][] = [];
  for (const b of bands) {
    const prev = merged[merged.length - 1];
    if (prev && (b[1] - b[0] < minGap || prev[1] - prev[0] < minGap) && b[0] - prev[1] <= 3 * minGap) prev[1] = b[1];
    else merged.push([b[0], b[1]]);
  }
  return merged;
}

function lastIndex(a: readonly number[], pred: (v: number) => boolean): number {
  for (let i = a.length - 1; i >= 0; i--) if (pred(a[i]!)) return i;
  return -1;
}

function count(ink: Uint8Array, from: number, to: number, step: number): number {
  let n = 0;
  for (let i = from; i < to; i += step) n += ink[i]!;
  return n;
}

/**
 * Copies the crop (grown by `margin` px inside the cell) onto a white canvas of its own with
 * `pad` px around it. Returns the canvas and where its (0, 0) lies on the page.
 */
export function cropCanvas(
  g: GreyPage,
  c: CellCrop,
  pad: number,
  margin = 2,
): { grey: Buffer; width: number; height: number; left: number; top: number } {
  const x0 = Math.max(c.inner[0], c.x0 - margin);
  const y0 = Math.max(c.inner[1], c.y0 - margin);
  const x1 = Math.min(c.inner[2], c.x1 + margin);
  const y1 = Math.min(c.inner[3], c.y1 + margin);
  const width = x1 - x0 + 2 * pad;
  const height = y1 - y0 + 2 * pad;
  const grey = Buffer.alloc(width * height, 255);
  for (let y = y0; y < y1; y++) g.grey.copy(grey, (y - y0 + pad) * width + pad, y * g.width + x0, y * g.width + x1);
  return { grey, width, height, left: x0 - pad, top: y0 - pad };
}

/** Components smaller than this (pt²) are specks, not glyphs. */
const MIN_GLYPH_PT2 = 0.25;
/** Components shorter than this share of the tallest are marks (. , -), not digits. */
const MIN_GLYPH_HEIGHT_SHARE = 0.5;

/**
 * The number of glyph-sized connected ink components (8-connected) in a crop: for a printed
 * number, the number of its digits (each digit is one stroke; dots, commas and dashes are
 * too short to count). Used to check that OCR did not double or drop a digit.
 */
export function glyphCount(g: GreyPage, ink: Uint8Array, c: CellCrop): number {
  const w = c.x1 - c.x0;
  const h = c.y1 - c.y0;
  const label = new Int32Array(w * h);
  const heights: number[] = [];
  const minArea = MIN_GLYPH_PT2 / (g.pointsPerPixel * g.pointsPerPixel);
  const stack: number[] = [];
  let next = 0;
  for (let i = 0; i < w * h; i++) {
    if (label[i] !== 0 || ink[(c.y0 + Math.floor(i / w)) * g.width + c.x0 + (i % w)] !== 1) continue;
    next++;
    let area = 0;
    let top = h;
    let bottom = -1;
    stack.push(i);
    label[i] = next;
    while (stack.length > 0) {
      const j = stack.pop()!;
      const y = Math.floor(j / w);
      const x = j % w;
      area++;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
          const k = yy * w + xx;
          if (label[k] === 0 && ink[(c.y0 + yy) * g.width + c.x0 + xx] === 1) {
            label[k] = next;
            stack.push(k);
          }
        }
      }
    }
    if (area >= minArea) heights.push(bottom - top + 1);
  }
  const tallest = Math.max(0, ...heights);
  return heights.filter((v) => v >= MIN_GLYPH_HEIGHT_SHARE * tallest).length;
}
