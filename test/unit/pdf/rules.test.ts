import { OPS } from '../../../src/pdf/pdfjs.js';
import { describe, expect, it } from 'vitest';
import { rulesFromOperatorList } from '../../../src/pdf/rules.js';
import type { Matrix } from '../../../src/pdf/matrix.js';

const MOVE = 0;
const LINE = 1;
const CLOSE = 3;
/** The viewport of a 100 x 200 pt page: flips y so the origin is top-left. */
const VIEWPORT: Matrix = [1, 0, 0, -1, 0, 200];

function rect(x: number, y: number, w: number, h: number): number[] {
  return [MOVE, x, y, LINE, x + w, y, LINE, x + w, y + h, LINE, x, y + h, CLOSE];
}

function path(op: number, data: number[]): [number, unknown] {
  return [OPS.constructPath, [op, [new Float32Array(data)], null]];
}

function run(ops: [number, unknown][]) {
  return rulesFromOperatorList(
    ops.map((o) => o[0]),
    ops.map((o) => o[1]),
    VIEWPORT,
  );
}

describe('rulesFromOperatorList', () => {
  it('turns thin filled rectangles into rules along their long side, through the CTM', () => {
    const rules = run([
      [OPS.save, null],
      [OPS.transform, [0.25, 0, 0, 0.25, 10, 0]],
      path(OPS.fill, rect(0, 400, 200, 4)), // 50 x 1 pt after scaling
      path(OPS.fill, rect(0, 0, 4, 400)), // 1 x 100 pt
      [OPS.restore, null],
      path(OPS.fill, rect(0, 0, 50, 50)), // shading: not a rule
    ]);
    expect(rules).toHaveLength(2);
    expect(rules[0]).toEqual({ x0: 10, y0: 99.5, x1: 60, y1: 99.5 });
    expect(rules[1]).toEqual({ x0: 10.5, y0: 100, x1: 10.5, y1: 200 });
  });

  it('takes horizontal and vertical pieces of stroked paths and skips diagonals', () => {
    const rules = run([path(OPS.stroke, [MOVE, 0, 10, LINE, 50, 10, LINE, 50, 60, LINE, 0, 100])]);
    expect(rules).toEqual([
      { x0: 0, y0: 190, x1: 50, y1: 190 },
      { x0: 50, y0: 140, x1: 50, y1: 190 },
    ]);
  });

  it('ignores white paint and restores the graphics state', () => {
    const rules = run([
      [OPS.save, null],
      [OPS.setFillRGBColor, ['#ffffff']],
      path(OPS.fill, rect(0, 0, 80, 1)),
      [OPS.restore, null],
      path(OPS.fill, rect(0, 20, 80, 1)),
    ]);
    expect(rules).toEqual([{ x0: 0, y0: 179.5, x1: 80, y1: 179.5 }]);
  });

  it('applies form XObject matrices', () => {
    const rules = run([
      [OPS.paintFormXObjectBegin, [[1, 0, 0, 1, 20, 0], null]],
      path(OPS.fill, rect(0, 0, 30, 1)),
      [OPS.paintFormXObjectEnd, null],
      path(OPS.fill, rect(0, 0, 30, 1)),
    ]);
    expect(rules.map((r) => r.x0)).toEqual([20, 0]);
  });
});
