import { describe, expect, it } from 'vitest';
import { mergeGlyphRuns, type Glyph } from '../../../src/pdf/runs.js';

/** Glyphs of `s` laid out one per character from x, 10pt wide (CJK advance). */
function glyphs(s: string, x: number, baseline: number, advance = 10, size = 10): Glyph[] {
  return [...s].map((ch, i) => ({ text: ch, x0: x + i * advance, x1: x + (i + 1) * advance, baseline, fontSize: size }));
}

describe('mergeGlyphRuns', () => {
  it('joins adjacent glyphs on one baseline into one run with its box', () => {
    const runs = mergeGlyphRuns(glyphs('政府信息', 100, 200));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.text).toBe('政府信息');
    expect(runs[0]!.bbox[0]).toBe(100);
    expect(runs[0]!.bbox[2]).toBe(140);
    expect(runs[0]!.bbox[1]).toBeLessThan(200);
    expect(runs[0]!.bbox[3]).toBeGreaterThan(200);
  });

  it('splits at gaps wider than 0.8 em so neighbouring cells stay apart', () => {
    const runs = mergeGlyphRuns([...glyphs('自然人', 100, 200), ...glyphs('273', 139, 200, 5)]);
    expect(runs.map((r) => r.text)).toEqual(['自然人', '273']);
  });

  it('keeps a narrow gap inside the run as a space, and ignores space glyphs', () => {
    const g = [
      ...glyphs('其中:', 100, 200),
      { text: ' ', x0: 130, x1: 134, baseline: 200, fontSize: 10 },
      ...glyphs('1.', 134, 200, 5),
    ];
    expect(mergeGlyphRuns(g).map((r) => r.text)).toEqual(['其中: 1.']);
  });

  it('splits where a vertical rule runs between two glyphs', () => {
    const g = [...glyphs('合计', 100, 200), ...glyphs('12', 124, 200, 5)];
    expect(mergeGlyphRuns(g)).toHaveLength(1);
    const rule = { x0: 122, y0: 180, x1: 122, y1: 210 };
    expect(mergeGlyphRuns(g, [rule]).map((r) => r.text)).toEqual(['合计', '12']);
  });

  it('orders glyphs by baseline and x whatever order they come in', () => {
    const g = [...glyphs('第二行', 100, 220), ...glyphs('第一行', 100, 200)].reverse();
    expect(mergeGlyphRuns(g).map((r) => r.text)).toEqual(['第一行', '第二行']);
  });

  it('normalizes radicals in run text', () => {
    expect(mergeGlyphRuns(glyphs('⼈⺠', 0, 50))[0]!.text).toBe('人民');
  });
});
