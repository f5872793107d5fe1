/**
 * Ruling lines from a pdf.js operator list.
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
const DRAW_MOVE_TO = 0;
const DRAW_LINE_TO = 1;
const DRAW_CURVE_TO = 2;
const DRAW_CLOSE = 3;

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
  const rules: RuleSegment[] = [];
  const stack: GraphicsState[] = [];
  let gs: GraphicsState = { ctm: IDENTITY, fillWhite: false, strokeWhite: false, fillAlpha: 1, strokeAlpha: 1 };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i] ?? -1;
    const args = argsArray[i] as unknown[] | null;
    switch (fn) {
      case OPS.save:
        stack.push(gs);
        gs = { ...gs };
        break;
      case OPS.restore:
        gs = stack.pop() ?? gs;
        break;
      case OPS.transform: {
        const m = toMatrix(args as number[] | null);
        if (m) gs = { ...gs, ctm: multiply(gs.ctm, m) };
        break;
      }
      case OPS.paintFormXObjectBegin: {
        stack.push(gs);
        const m = toMatrix((args?.[0] ?? null) as number[] | null);
        gs = m ? { ...gs, ctm: multiply(gs.ctm, m) } : { ...gs };
        break;
      }
      case OPS.paintFormXObjectEnd:
        gs = stack.pop() ?? gs;
        break;
      case OPS.setFillRGBColor:
        gs = { ...gs, fillWhite: isWhite(args?.[0]) };
        break;
      case OPS.setStrokeRGBColor:
        gs = { ...gs, strokeWhite: isWhite(args?.[0]) };
        break;
      case OPS.setGState:
        gs = withAlpha(gs, args?.[0]);
        break;
      case OPS.constructPath: {
        const op = args?.[0] as number;
        const data = (args?.[1] as ArrayLike<number>[] | undefined)?.[0];
        if (!data) break;
        const toPage = multiply(viewport, gs.ctm);
        const paths = parsePath(data, toPage);
        if (FILL_OPS.has(op) && !gs.fillWhite && gs.fillAlpha > 0) rules.push(...rulesFromFill(paths));
        if (STROKE_OPS.has(op) && !gs.strokeWhite && gs.strokeAlpha > 0) {
          rules.push(
            ...rulesFromStroke(paths, op === OPS.closeStroke || op === OPS.closeFillStroke || op === OPS.closeEOFillStroke),
          );
        }
        break;
      }
      default:
        break;
    }
  }
  return rules;
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

/** Near-white paint (all channels >= 0xF0) is page background, not a visible rule. */
function isWhite(color: unknown): boolean {
  if (typeof color !== 'string' || !/^#[0-9a-f]{6}$/i.test(color)) return false;
  return [1, 3, 5].every((i) => parseInt(color.slice(i, i + 2), 16) >= 0xf0);
}

/** setGState args are [[key, value], ...]; `ca`/`CA` are the fill/stroke alpha. */
function withAlpha(gs: GraphicsState, entries: unknown): GraphicsState {
  if (!Array.isArray(entries)) return gs;
  let next = gs;
  for (const e of entries) {
    if (!Array.isArray(e) || typeof e[1] !== 'number') continue;
    if (e[0] === 'ca') next = { ...next, fillAlpha: e[1] };
    if (e[0] === 'CA') next = { ...next, strokeAlpha: e[1] };
  }
  return next;
}
