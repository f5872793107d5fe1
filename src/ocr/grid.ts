/**
 * Ruling lines of a (deskewed) page image: long horizontal and vertical runs of ink.
 *
 * A rule is a run of ink pixels (with short gaps from noise) at least a minimum length long,
 * merged with the runs on the neighbouring rows (columns) into one line. Character strokes
 * are short, so the length alone removes most text; what remains (a dash "——", a stroke that
 * happens to be long) is removed by the requirement that a vertical rule meets a horizontal
 * one, and that a short horizontal rule meets a vertical one.
 */
import type { RuleSegment } from '../model.js';

/** A line in pixels: horizontal (pos = y, a..b = x) or vertical (pos = x, a..b = y). */
export interface PixelLine {
  pos: number;
  a: number;
  b: number;
  /** Thickness in pixels. */
  thickness: number;
}

export interface PixelRules {
  horizontal: PixelLine[];
  vertical: PixelLine[];
}

/** Shortest horizontal rule kept at all, points (a table cell is wider than this). */
const MIN_H_PT = 14;
/** Shortest vertical rule, points: taller than a character of table text (9–10.5 pt). */
const MIN_V_PT = 11;
/** A horizontal rule meeting no vertical rule must be this long (pt) to count (three-line tables). */
const MIN_FREE_H_PT = 90;
/** Gaps (pt) in a run that noise or JPEG artefacts leave in a printed line. */
const MAX_GAP_PT = 0.6;
/** Lines thicker than this (pt) are filled areas, not rules. */
const MAX_THICKNESS_PT = 3;
/** A rule's end must reach within this distance (pt) of another rule to meet it. */
const TOUCH_PT = 2.5;
/**
 * A vertical rule shorter than this (pt) must end on horizontal rules at both ends; longer
 * ones at one end at least (a table cut by the page edge has no closing rule). Crossed
 * character strokes meet in their middles, not at their ends.
 */
const MIN_ONE_END_V_PT = 30;

/** Ruling lines in pixel coordinates. `ink[i]` is 1 for ink pixels. */
export function detectRuleLines(ink: Uint8Array, width: number, height: number, dpi: number): PixelRules {
  const px = (pt: number): number => (pt * dpi) / 72;
  const maxGap = Math.max(1, Math.round(px(MAX_GAP_PT)));
  const maxThick = Math.max(3, px(MAX_THICKNESS_PT));
  const hCand = linesFromRuns(runs(ink, width, height, true, Math.round(px(MIN_H_PT)), maxGap), maxThick);
  const vCand = linesFromRuns(runs(ink, width, height, false, Math.round(px(MIN_V_PT)), maxGap), maxThick);
  const touch = px(TOUCH_PT);
  const meets = (h: PixelLine, v: PixelLine): boolean =>
    v.pos >= h.a - touch && v.pos <= h.b + touch && h.pos >= v.a - touch && h.pos <= v.b + touch;
  const endsOn = (v: PixelLine, y: number): boolean =>
    hCand.some((h) => Math.abs(h.pos - y) <= touch + h.thickness / 2 && v.pos >= h.a - touch && v.pos <= h.b + touch);
  const oneEndLen = px(MIN_ONE_END_V_PT);
  const vertical = vCand.filter((v) => {
    const top = endsOn(v, v.a);
    const bottom = endsOn(v, v.b);
    return (top && bottom) || ((top || bottom) && v.b - v.a >= oneEndLen);
  });
  const freeMin = px(MIN_FREE_H_PT);
  const horizontal = hCand.filter((h) => h.b - h.a >= freeMin || vertical.some((v) => meets(h, v)));
  return { horizontal, vertical };
}

/** The lines as page-space rule segments: pixel positions times `pointsPerPixel`. */
export function toRuleSegments(lines: PixelRules, pointsPerPixel: number): RuleSegment[] {
  const s = pointsPerPixel;
  return [
    ...lines.horizontal.map((l) => ({ x0: l.a * s, y0: l.pos * s, x1: l.b * s, y1: l.pos * s })),
    ...lines.vertical.map((l) => ({ x0: l.pos * s, y0: l.a * s, x1: l.pos * s, y1: l.b * s })),
  ];
}

/** 1 for pixels at or below `threshold`. */
export function inkMask(grey: Uint8Array, threshold: number): Uint8Array {
  const out = new Uint8Array(grey.length);
  for (let i = 0; i < grey.length; i++) out[i] = grey[i]! <= threshold ? 1 : 0;
  return out;
}

interface Run {
  /** Row (horizontal) or column (vertical). */
  line: number;
  a: number;
  b: number;
}

/**
 * Runs of ink along rows (or columns) at least `minLen` long, bridging gaps up to `maxGap`,
 * ordered by row (column), then position. Both directions walk the mask row by row (the
 * columns' runs are tracked side by side), in memory order.
 */
function runs(ink: Uint8Array, width: number, height: number, horizontal: boolean, minLen: number, maxGap: number): Run[] {
  return horizontal ? rowRuns(ink, width, height, minLen, maxGap) : columnRuns(ink, width, height, minLen, maxGap);
}

function rowRuns(ink: Uint8Array, width: number, height: number, minLen: number, maxGap: number): Run[] {
  const out: Run[] = [];
  for (let y = 0; y < height; y++) {
    const base = y * width;
    let start = -1;
    let lastInk = -1;
    for (let x = 0; x < width; x++) {
      if (ink[base + x] !== 1) continue;
      if (start < 0) start = x;
      else if (x - lastInk - 1 > maxGap) {
        if (lastInk - start + 1 >= minLen) out.push({ line: y, a: start, b: lastInk + 1 });
        start = x;
      }
      lastInk = x;
    }
    if (start >= 0 && lastInk - start + 1 >= minLen) out.push({ line: y, a: start, b: lastInk + 1 });
  }
  return out;
}

function columnRuns(ink: Uint8Array, width: number, height: number, minLen: number, maxGap: number): Run[] {
  const start = new Int32Array(width).fill(-1);
  const lastInk = new Int32Array(width).fill(-1);
  const byColumn: Run[][] = Array.from({ length: width }, () => []);
  for (let y = 0; y < height; y++) {
    const base = y * width;
    for (let x = 0; x < width; x++) {
      if (ink[base + x] !== 1) continue;
      const s = start[x]!;
      if (s < 0) start[x] = y;
      else if (y - lastInk[x]! - 1 > maxGap) {
        if (lastInk[x]! - s + 1 >= minLen) byColumn[x]!.push({ line: x, a: s, b: lastInk[x]! + 1 });
        start[x] = y;
      }
      lastInk[x] = y;
    }
  }
  for (let x = 0; x < width; x++) {
    if (start[x]! >= 0 && lastInk[x]! - start[x]! + 1 >= minLen) byColumn[x]!.push({ line: x, a: start[x]!, b: lastInk[x]! + 1 });
  }
  return byColumn.flat();
}

/**
 * Runs on neighbouring rows (columns) that overlap form one line; its position is the
 * length-weighted mean row, its extent the union of the runs.
 */
function linesFromRuns(all: Run[], maxThick: number): PixelLine[] {
  interface Group {
    runs: Run[];
    last: number;
    a: number;
    b: number;
  }
  const open: Group[] = [];
  const done: Group[] = [];
  for (const r of all) {
    // Close groups that ended more than one row above.
    for (let i = open.length - 1; i >= 0; i--) {
      if (open[i]!.last < r.line - 1) done.push(...open.splice(i, 1));
    }
    const g = open.find((o) => o.last >= r.line - 1 && r.a < o.b && r.b > o.a);
    if (g) {
      g.runs.push(r);
      g.last = r.line;
      g.a = Math.min(g.a, r.a);
      g.b = Math.max(g.b, r.b);
    } else open.push({ runs: [r], last: r.line, a: r.a, b: r.b });
  }
  done.push(...open);
  const out: PixelLine[] = [];
  for (const g of done) {
    const first = g.runs[0]!.line;
    const thickness = g.last - first + 1;
    if (thickness > maxThick) continue;
    let wsum = 0;
    let psum = 0;
    for (const r of g.runs) {
      wsum += r.b - r.a;
      psum += (r.line + 0.5) * (r.b - r.a);
    }
    out.push({ pos: psum / wsum, a: g.a, b: g.b, thickness });
  }
  return out.sort((p, q) => p.pos - q.pos || p.a - q.a);
}
