/**
 * Ruling lines from a page's drawing operations: from a pdf.js operator list here, from the
 * content stream itself in content-rules.ts.
 *
 * Table borders come as stroked lines or, from Chromium and Word, as thin filled rectangles.
 * pdf.js (v5) hands paths over as `constructPath [paintOp, [pathData], minMax]`, with the
 * coordinates in the current transformation matrix, so the CTM is tracked through
 * save/restore/transform and form XObjects to bring every point into page space.
 */
import { OPS } from './pdfjs.js';
import type { RuleSegment } from '../model.js';
import { IDENTITY, applyMatrix, multiply, toMatrix, type Matrix } from './matrix.js';

/** pdf.js DrawOPS: the command codes inside constructPath's flat path data. */
export const DRAW_MOVE_TO = 0;
export const DRAW_LINE_TO = 1;
export const DRAW_CURVE_TO = 2;
export const DRAW_CLOSE = 3;

/** A filled rectangle thinner than this (pt) is a ruling line, not a shaded area. */
export const THIN_RULE_PT = 2;
/** Segments shorter than this (pt) are dots or joints, not rules. */
const MIN_RULE_LENGTH_PT = 1.5;
/** How far (pt) a stroked segment may lean and still count as horizontal/vertical. */
const AXIS_TOLERANCE_PT = 0.5;

const FILL_OPS: ReadonlySet<number> = new Set([
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);
const STROKE_OPS: ReadonlySet<number> = new Set([
  OPS.stroke,
  OPS.closeStroke,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);

type Point = [number, number];
interface SubPath {
  points: Point[];
  closed: boolean;
  curved: boolean;
}

interface GraphicsState {
  ctm: Matrix;
  /** Fill and stroke colours are only tracked far enough to skip white paint. */
  fillWhite: boolean;
  strokeWhite: boolean;
  fillAlpha: number;
  strokeAlpha: number;
}

/** How a path is painted. */
export interface Paint {
  fill: boolean;
  stroke: boolean;
  /** The stroke closes each subpath first (`s`, `b`, `b*`). */
  close: boolean;
}

/**
 * Collects ruling segments while a page's drawing operations are replayed in order, whatever
 * reads them (pdf.js's operator list here, the content stream itself in content-rules.ts).
 * Paths are given in pdf.js's flat DrawOPS form, in the current user space.
 */
export class RuleCollector {
  readonly rules: RuleSegment[] = [];
  private readonly stack: GraphicsState[] = [];
  private gs: GraphicsState = { ctm: IDENTITY, fillWhite: false, strokeWhite: false, fillAlpha: 1, strokeAlpha: 1 };

  /** `viewport` maps PDF user space to top-left page points (pdf.js `viewport.transform`). */
  constructor(private readonly viewport: Matrix) {}

  save(): void {
    this.stack.push(this.gs);
    this.gs = { ...this.gs };
  }

  restore(): void {
    this.gs = this.stack.pop() ?? this.gs;
  }

  transform(m: Matrix): void {
    this.gs = { ...this.gs, ctm: multiply(this.gs.ctm, m) };
  }

  /** Near-white paint (every channel ≥ 0xF0 of 0xFF) is page background, not a visible rule. */
  setFillWhite(white: boolean): void {
    this.gs = { ...this.gs, fillWhite: white };
  }

  setStrokeWhite(white: boolean): void {
    this.gs = { ...this.gs, strokeWhite: white };
  }

  setAlpha(fill: number | undefined, stroke: number | undefined): void {
    if (fill !== undefined) this.gs = { ...this.gs, fillAlpha: fill };
    if (stroke !== undefined) this.gs = { ...this.gs, strokeAlpha: stroke };
  }

  paint(data: ArrayLike<number>, how: Paint): void {
    const { gs } = this;
    const paths = parsePath(data, multiply(this.viewport, gs.ctm));
    if (how.fill && !gs.fillWhite && gs.fillAlpha > 0) this.rules.push(...rulesFromFill(paths));
    if (how.stroke && !gs.strokeWhite && gs.strokeAlpha > 0) this.rules.push(...rulesFromStroke(paths, how.close));
  }
}

/**
 * Reads the operator list of one page and returns its ruling segments in page space
 * (top-left origin). `viewport` is the page viewport transform (pdf.js `viewport.transform`
 * at scale 1), which maps PDF user space to top-left page points.
 */
export function rulesFromOperatorList(
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  viewport: Matrix,
): RuleSegment[] {
  const out = new RuleCollector(viewport);
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i] ?? -1;
    const args = argsArray[i] as unknown[] | null;
    switch (fn) {
      case OPS.save:
        out.save();
        break;
      case OPS.restore:
      case OPS.paintFormXObjectEnd:
        out.restore();
        break;
      case OPS.transform: {
        const m = toMatrix(args as number[] | null);
        if (m) out.transform(m);
        break;
      }
      case OPS.paintFormXObjectBegin: {
        out.save();
        const m = toMatrix((args?.[0] ?? null) as number[] | null);
        if (m) out.transform(m);
        break;
      }
      case OPS.setFillRGBColor:
        out.setFillWhite(isWhiteHex(args?.[0]));
        break;
      case OPS.setStrokeRGBColor:
        out.setStrokeWhite(isWhiteHex(args?.[0]));
        break;
      case OPS.setGState:
        setAlphaFromGState(out, args?.[0]);
        break;
      case OPS.constructPath: {
        const op = args?.[0] as number;
        const data = (args?.[1] as ArrayLike<number>[] | undefined)?.[0];
        if (!data) break;
        out.paint(data, {
          fill: FILL_OPS.has(op),
          stroke: STROKE_OPS.has(op),
          close: op === OPS.closeStroke || op === OPS.closeFillStroke || op === OPS.closeEOFillStroke,
        });
        break;
      }
      default:
        break;
    }
  }
  return out.rules;
}

/** Splits pdf.js path data into subpaths with their points mapped into page space. */
function parsePath(data: ArrayLike<number>, m: Matrix): SubPath[] {
  const paths: SubPath[] = [];
  let cur: SubPath | null = null;
  for (let k = 0; k < data.length;) {
    const cmd = data[k++];
    if (cmd === DRAW_MOVE_TO) {
      cur = { points: [applyMatrix(m, data[k]!, data[k + 1]!)], closed: false, curved: false };
      paths.push(cur);
      k += 2;
    } else if (cmd === DRAW_LINE_TO) {
      const p = applyMatrix(m, data[k]!, data[k + 1]!);
      if (cur) cur.points.push(p);
      else paths.push((cur = { points: [p], closed: false, curved: false }));
      k += 2;
    } else if (cmd === DRAW_CURVE_TO) {
      const p = applyMatrix(m, data[k + 4]!, data[k + 5]!);
      if (cur) {
        cur.points.push(p);
        cur.curved = true;
      }
      k += 6;
    } else if (cmd === DRAW_CLOSE) {
      if (cur) cur.closed = true;
      cur = null;
    } else {
      break; // unknown command: the rest of the buffer cannot be decoded
    }
  }
  return paths;
}

/** Filled shapes: a thin axis-aligned rectangle is a rule along its long side. */
function rulesFromFill(paths: SubPath[]): RuleSegment[] {
  const out: RuleSegment[] = [];
  for (const p of paths) {
    if (p.curved || p.points.length < 2) continue;
    const box = axisAlignedBox(p.points);
    if (!box) continue;
    const [x0, y0, x1, y1] = box;
    const w = x1 - x0;
    const h = y1 - y0;
    if (h < THIN_RULE_PT && w >= MIN_RULE_LENGTH_PT && w > h) {
      out.push({ x0, y0: (y0 + y1) / 2, x1, y1: (y0 + y1) / 2 });
    } else if (w < THIN_RULE_PT && h >= MIN_RULE_LENGTH_PT && h > w) {
      out.push({ x0: (x0 + x1) / 2, y0, x1: (x0 + x1) / 2, y1 });
    }
    // Larger fills are cell shading or backgrounds; their borders are drawn separately.
  }
  return out;
}

/** Stroked shapes: every straight horizontal or vertical piece is a rule. */
function rulesFromStroke(paths: SubPath[], forceClose: boolean): RuleSegment[] {
  const out: RuleSegment[] = [];
  for (const p of paths) {
    if (p.curved) continue;
    const pts = p.closed || forceClose ? [...p.points, p.points[0]!] : p.points;
    for (let i = 1; i < pts.length; i++) {
      const [ax, ay] = pts[i - 1]!;
      const [bx, by] = pts[i]!;
      const seg = axisSegment(ax, ay, bx, by);
      if (seg) out.push(seg);
    }
  }
  return out;
}

function axisSegment(ax: number, ay: number, bx: number, by: number): RuleSegment | null {
  const dx = Math.abs(bx - ax);
  const dy = Math.abs(by - ay);
  if (dy <= AXIS_TOLERANCE_PT && dx >= MIN_RULE_LENGTH_PT) {
    const y = (ay + by) / 2;
    return { x0: Math.min(ax, bx), y0: y, x1: Math.max(ax, bx), y1: y };
  }
  if (dx <= AXIS_TOLERANCE_PT && dy >= MIN_RULE_LENGTH_PT) {
    const x = (ax + bx) / 2;
    return { x0: x, y0: Math.min(ay, by), x1: x, y1: Math.max(ay, by) };
  }
  return null;
}

/** The bounding box of a polygon if it is an axis-aligned rectangle (or a degenerate one). */
function axisAlignedBox(points: Point[]): [number, number, number, number] | null {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const eps = AXIS_TOLERANCE_PT;
  // Every vertex must sit on the box outline near a corner, otherwise the shape is rotated.
  const onCorner = points.every(
    ([x, y]) => (Math.abs(x - x0) <= eps || Math.abs(x - x1) <= eps) && (Math.abs(y - y0) <= eps || Math.abs(y - y1) <= eps),
  );
  return onCorner ? [x0, y0, x1, y1] : null;
}

/** The lightest channel value (of 1) that still counts as white paint: 0xF0 of 0xFF. */
const WHITE_LEVEL = 0xf0 / 0xff;

/** Colour components (0–1) of DeviceGray, DeviceRGB or DeviceCMYK: near white? */
export function isWhiteColor(components: readonly number[]): boolean {
  if (components.length === 1 || components.length === 3) return components.every((c) => c >= WHITE_LEVEL);
  if (components.length === 4) {
    const k = components[3]!;
    return components.slice(0, 3).every((c) => (1 - c) * (1 - k) >= WHITE_LEVEL);
  }
  return false;
}

/** pdf.js hands colours over as `#rrggbb`. */
function isWhiteHex(color: unknown): boolean {
  if (typeof color !== 'string' || !/^#[0-9a-f]{6}$/i.test(color)) return false;
  return isWhiteColor([1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) / 0xff));
}

/** setGState args are [[key, value], ...]; `ca`/`CA` are the fill/stroke alpha. */
function setAlphaFromGState(out: RuleCollector, entries: unknown): void {
  if (!Array.isArray(entries)) return;
  for (const e of entries) {
    if (!Array.isArray(e) || typeof e[1] !== 'number') continue;
    if (e[0] === 'ca') out.setAlpha(e[1], undefined);
    if (e[0] === 'CA') out.setAlpha(undefined, e[1]);
  }
}
