import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { detectRuleLines, inkMask, toRuleSegments } from '../../../src/ocr/grid.js';
import { tableRegions } from '../../../src/ocr/ocr-page.js';
import { otsuThreshold } from '../../../src/ocr/preprocess.js';

const DPI = 200;
const W = 1654;
const H = 1200;
const px = (pt: number) => Math.round((pt * DPI) / 72);

/**
 * A 4-column table: a header row whose first cell spans two rows and whose second cell spans
 * columns 2–4, then three body rows; plus text-like strokes that cross (a 十 in a title and a
 * long dash) that must not become rules.
 */
function tableSvg(): string {
  const xs = [72, 200, 280, 360, 440].map(px);
  const ys = [100, 122, 144, 166, 188, 210].map(px);
  const line = (x0: number, y0: number, x1: number, y1: number) =>
    `<line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y1}" stroke="#000" stroke-width="3"/>`;
  const parts: string[] = [];
  parts.push(line(xs[0]!, ys[0]!, xs[4]!, ys[0]!)); // top
  parts.push(line(xs[1]!, ys[1]!, xs[4]!, ys[1]!)); // under the spanning header (not under col 1)
  for (const y of ys.slice(2)) parts.push(line(xs[0]!, y, xs[4]!, y));
  parts.push(line(xs[0]!, ys[0]!, xs[0]!, ys[5]!), line(xs[1]!, ys[0]!, xs[1]!, ys[5]!), line(xs[4]!, ys[0]!, xs[4]!, ys[5]!));
  parts.push(line(xs[2]!, ys[1]!, xs[2]!, ys[5]!), line(xs[3]!, ys[1]!, xs[3]!, ys[5]!));
  // A cross (十, 12 pt) and a dash of 20 pt in the text above the table.
  parts.push(line(px(100), px(60), px(112), px(60)), line(px(106), px(54), px(106), px(66)));
  parts.push(line(px(200), px(60), px(220), px(60)));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`;
}

async function inkOf(svg: string): Promise<Uint8Array> {
  const grey = await sharp(Buffer.from(svg)).blur(0.6).toColourspace('b-w').raw().toBuffer();
  return inkMask(grey, otsuThreshold(grey));
}

describe('ruling lines from pixels', () => {
  it('finds every rule of a table at its position and length', async () => {
    const lines = detectRuleLines(await inkOf(tableSvg()), W, H, DPI);
    expect(lines.horizontal).toHaveLength(6);
    expect(lines.vertical).toHaveLength(5);
    const near = (a: number, b: number) => Math.abs(a - b) <= 2;
    expect(lines.horizontal.map((l) => l.pos).every((y, i) => near(y, px([100, 122, 144, 166, 188, 210][i]!)))).toBe(true);
    const sub = lines.horizontal[1]!;
    expect(near(sub.a, px(200))).toBe(true);
    expect(near(sub.b, px(440))).toBe(true);
  });

  it('ignores crossed character strokes and dashes in the text', async () => {
    const lines = detectRuleLines(await inkOf(tableSvg()), W, H, DPI);
    expect(lines.horizontal.every((l) => l.pos > px(90))).toBe(true);
    expect(lines.vertical.every((l) => l.a > px(90))).toBe(true);
  });

  it('gives rule segments in points from which the table builder rebuilds the grid', async () => {
    const lines = detectRuleLines(await inkOf(tableSvg()), W, H, DPI);
    const rules = toRuleSegments(lines, 72 / DPI);
    const page = { page: 1, width: (W * 72) / DPI, height: (H * 72) / DPI, method: 'ocr' as const, items: [], rules };
    const regions = tableRegions(page);
    // 2 header cells (one spanning two rows, one spanning three columns), 3 sub-headers, 4 × 3 body cells.
    expect(regions.cells).toHaveLength(2 + 3 + 12);
    expect(regions.boxes).toHaveLength(1);
    const [x0, y0, x1, y1] = regions.boxes[0]!;
    expect(Math.abs(x0 - 72)).toBeLessThan(1.5);
    expect(Math.abs(y0 - 100)).toBeLessThan(1.5);
    expect(Math.abs(x1 - 440)).toBeLessThan(1.5);
    expect(Math.abs(y1 - 210)).toBeLessThan(1.5);
    const spanning = regions.cells.find((c) => c.bbox[1] < 101 && c.bbox[0] < 73)!;
    expect(spanning.bbox[3]).toBeGreaterThan(143);
  });
});
