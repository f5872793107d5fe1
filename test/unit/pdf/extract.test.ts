import { describe, expect, it } from 'vitest';
import type { PageContent } from '../../../src/model.js';
import { extractPdf, textLayerQuality } from '../../../src/pdf/extract.js';
import { buildTestPdf, errorOf, text } from '../../support/pdf/build-pdf.js';

describe('extractPdf', () => {
  it('reads text runs with top-left page coordinates and the document info', async () => {
    const pdf = buildTestPdf({ pages: [text(72, 742, 'Hello world') + text(300, 742, 'Right')], title: 'Report' });
    const { pages, pageCount, info } = await extractPdf(pdf, { maxPages: 10 });
    expect(pageCount).toBe(1);
    expect(info.title).toBe('Report');
    expect(info.producer).toBe('nianbao-test');
    const page = pages[0]!;
    expect(page).toMatchObject({ page: 1, method: 'text', width: 595, height: 842 });
    expect(page.items.map((i) => i.text)).toEqual(['Hello world', 'Right']);
    const hello = page.items[0]!;
    expect(hello.confidence).toBe(1);
    expect(hello.fontSize).toBeCloseTo(12);
    // Baseline at 842 - 742 = 100 from the top; the box sits above it.
    expect(hello.bbox[0]).toBeCloseTo(72);
    expect(hello.bbox[3]).toBeGreaterThan(100);
    expect(hello.bbox[1]).toBeLessThan(100);
  });

  it('finds rules drawn as thin filled rectangles and stroked lines, through cm transforms', async () => {
    const content = [
      'q 0.5 0 0 0.5 0 0 cm',
      '100 1000 400 1 re f', // thin fill, scaled: x 50..250, y 500 → top-left 342
      'Q',
      'q 1 0 0 1 10 20 cm',
      '90 700 m 90 600 l S', // stroke, translated: x 100, y 620..720 → top-left 122..222
      'Q',
      '300 300 100 80 re f', // a large fill is shading, not a rule
    ].join('\n');
    const { pages } = await extractPdf(buildTestPdf({ pages: [content] }), { maxPages: 10 });
    const rules = pages[0]!.rules;
    expect(rules).toHaveLength(2);
    const h = rules.find((r) => r.y0 === r.y1)!;
    expect(h.x0).toBeCloseTo(50);
    expect(h.x1).toBeCloseTo(250);
    expect(h.y0).toBeCloseTo(842 - 500.25);
    const v = rules.find((r) => r.x0 === r.x1)!;
    expect(v.x0).toBeCloseTo(100);
    expect(v.y0).toBeCloseTo(842 - 720);
    expect(v.y1).toBeCloseTo(842 - 620);
  });

  it('folds Kangxi and supplement radicals that fonts map CJK glyphs to', async () => {
    const pdf = buildTestPdf({
      pages: [text(72, 742, 'ABC')],
      toUnicode: { A: '\u2F00', B: '\u2ED4', C: '\u2F08' }, // ⼀ ⻔ ⼈
    });
    const { pages } = await extractPdf(pdf, { maxPages: 10 });
    expect(pages[0]!.items.map((i) => i.text).join('')).toBe('一门人');
  });

  it('reads a PDF that only has an owner password', async () => {
    const pdf = buildTestPdf({ pages: [text(72, 742, 'Open')], encrypt: { user: '', owner: 'secret' } });
    const { pages } = await extractPdf(pdf, { maxPages: 10 });
    expect(pages[0]!.items.map((i) => i.text)).toEqual(['Open']);
  });

  it('refuses a PDF that needs a user password with ENCRYPTED', async () => {
    const pdf = buildTestPdf({ pages: [text(72, 742, 'Closed')], encrypt: { user: 'pw', owner: 'secret' } });
    expect((await errorOf(extractPdf(pdf, { maxPages: 10 }))).code).toBe('ENCRYPTED');
  });

  it('maps empty, broken and oversized input to EMPTY, CORRUPT and TOO_MANY_PAGES', async () => {
    expect((await errorOf(extractPdf(new Uint8Array(0), { maxPages: 10 }))).code).toBe('EMPTY');
    const junk = new TextEncoder().encode('this is not a PDF at all, just words');
    expect((await errorOf(extractPdf(junk, { maxPages: 10 }))).code).toBe('CORRUPT');
    const full = buildTestPdf({ pages: [text(72, 742, 'Hello world')] });
    expect((await errorOf(extractPdf(full.subarray(0, 60), { maxPages: 10 }))).code).toBe('CORRUPT');
    const three = buildTestPdf({ pages: ['', '', ''] });
    expect((await errorOf(extractPdf(three, { maxPages: 2 }))).code).toBe('TOO_MANY_PAGES');
  });

  it("does not detach the caller's buffer", async () => {
    const pdf = buildTestPdf({ pages: [text(72, 742, 'Again')] });
    await extractPdf(pdf, { maxPages: 10 });
    const { pages } = await extractPdf(pdf, { maxPages: 10 });
    expect(pages[0]!.items[0]!.text).toBe('Again');
  });
});

describe('textLayerQuality', () => {
  const page = (texts: string[]): PageContent => ({
    page: 1,
    width: 595,
    height: 842,
    method: 'text',
    rules: [],
    items: texts.map((t) => ({ text: t, bbox: [0, 0, 10, 10], fontSize: 10, confidence: 1 })),
  });

  it('scores ordinary Chinese and ASCII text near 1', () => {
    expect(textLayerQuality(page(['本报告根据《中华人民共和国政府信息公开条例》编制。', '2023年1月1日']))).toBeGreaterThan(0.95);
  });

  it('scores an empty page 0', () => {
    expect(textLayerQuality(page([]))).toBe(0);
  });

  it('penalises private-use code points and replacement characters', () => {
    const garbled = textLayerQuality(page(['\uE001\uE002\uE003\uE004政府\uE005\uE006\uE007\uE008信息\uFFFD\uFFFD']));
    expect(garbled).toBeLessThan(0.3);
  });

  it('scores a page with a handful of characters low', () => {
    expect(textLayerQuality(page(['1']))).toBeLessThan(0.2);
  });
});
