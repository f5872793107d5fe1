/**
 * Real OCR of a corpus scan region (200 dpi, skewed, noisy, with a red seal over the
 * signature), compared with the text PDF of the same page. Skipped without the corpus.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLines } from '../../../src/layout/lines.js';
import type { PageContent } from '../../../src/model.js';
import { OcrEngine } from '../../../src/ocr/engine.js';
import { ocrPage } from '../../../src/ocr/ocr-page.js';
import { pageImage, type PageImage } from '../../../src/ocr/page-image.js';
import { extractPdf } from '../../../src/pdf/extract.js';
import { findRuledTables } from '../../../src/tables/ruled.js';
import { compactText } from '../../../src/text/normalize-text.js';

const DOC = '/work/shared/corpus/syn07/syn07';
const PAGE = 4;
/** The region read, in page points: from heading 四 to the signature under the seal. */
const TOP_PT = 214;
const BOTTOM_PT = 705;
const present = existsSync(`${DOC}.scan.pdf`) && existsSync(`${DOC}.text.pdf`);
if (!present) console.warn(`OCR corpus test skipped: ${DOC}.scan.pdf is not there (/work/shared/corpus absent)`);

function cer(truth: string, got: string): number {
  let prev = Array.from({ length: got.length + 1 }, (_, j) => j);
  for (let i = 1; i <= truth.length; i++) {
    const cur = [i];
    for (let j = 1; j <= got.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (truth[i - 1] === got[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[got.length]! / Math.max(1, truth.length);
}

function crop(img: PageImage, topPt: number, bottomPt: number): PageImage {
  const y0 = Math.round(topPt / img.pointsPerPixel);
  const y1 = Math.round(bottomPt / img.pointsPerPixel);
  const row = img.width * img.channels;
  return { ...img, height: y1 - y0, pixels: Buffer.from(img.pixels.subarray(y0 * row, y1 * row)) };
}

describe.runIf(present)('OCR of a scanned page region', () => {
  let engine: OcrEngine;
  let truth: PageContent;
  let ocr: PageContent;

  beforeAll(async () => {
    // One worker: the engine test may run alongside, and the machine has two cores.
    engine = await OcrEngine.create({ workers: 1 });
    truth = (await extractPdf(readFileSync(`${DOC}.text.pdf`), { maxPages: 10 })).pages[PAGE - 1]!;
    const region = crop(await pageImage(readFileSync(`${DOC}.scan.pdf`), PAGE), TOP_PT, BOTTOM_PT);
    expect(region.channels).toBe(3); // the seal page is in colour
    ocr = await ocrPage(region, engine, { page: PAGE });
  }, 120_000);
  afterAll(async () => engine?.close());

  it('reads the body text within 3% CER, the date under the seal included', () => {
    const inRegion = (y: number) => y > TOP_PT && y < BOTTOM_PT;
    const tables = findRuledTables(truth).map((t) => t.bbox);
    const outside = (b: number[]) => !tables.some((t) => b[1]! >= t[1] - 2 && b[3]! <= t[3] + 2);
    const want = compactText(
      buildLines(truth)
        .filter((l) => inRegion((l.bbox[1] + l.bbox[3]) / 2) && outside(l.bbox))
        .map((l) => l.text)
        .join(''),
    );
    const ocrTables = findRuledTables(ocr).map((t) => t.bbox);
    const got = compactText(
      buildLines(ocr)
        .filter((l) => !ocrTables.some((t) => l.bbox[1] >= t[1] - 2 && l.bbox[3] <= t[3] + 2))
        .map((l) => l.text)
        .join(''),
    );
    expect(want.length).toBeGreaterThan(200);
    expect(cer(want, got)).toBeLessThanOrEqual(0.03);
    expect(got).toContain('2020年3月17日');
  });

  it('rebuilds the review/litigation table with every number right', () => {
    const want = findRuledTables(truth).find((t) => t.bbox[1] > TOP_PT && t.bbox[3] < BOTTOM_PT)!;
    const got = findRuledTables(ocr);
    expect(got).toHaveLength(1);
    const table = got[0]!;
    expect([table.cells.length, table.cells[0]!.length]).toEqual([want.cells.length, want.cells[0]!.length]);
    let exact = 0;
    let total = 0;
    want.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell.origin) return;
        const w = compactText(cell.text);
        const g = compactText(table.cells[r]![c]!.text);
        total++;
        if (w === g) exact++;
        if (/^\d+$/.test(w)) expect(g).toBe(w);
      }),
    );
    expect(exact / total).toBeGreaterThanOrEqual(0.9);
    // Items carry OCR confidences and sit inside the page.
    for (const it of ocr.items) {
      expect(it.confidence).toBeGreaterThanOrEqual(0);
      expect(it.confidence).toBeLessThanOrEqual(1);
      expect(it.bbox[2]).toBeLessThanOrEqual(ocr.width + 0.5);
    }
    expect(ocr.method).toBe('ocr');
  });
});

describe.runIf(present)('the text pass of a 300 dpi scan, read at 200 dpi', () => {
  const doc = '/work/shared/corpus/syn01/syn01';
  let engine: OcrEngine;
  let full: PageContent;
  let scaled: PageContent;

  beforeAll(async () => {
    engine = await OcrEngine.create({ workers: 1 });
    const image = await pageImage(readFileSync(`${doc}.scan.pdf`), 1);
    expect(image.dpi).toBe(300);
    const region = crop(image, 60, 330);
    full = await ocrPage(region, engine, { page: 1, textDpi: 300 });
    scaled = await ocrPage(region, engine, { page: 1 });
  }, 120_000);
  afterAll(async () => engine?.close());

  it('puts every line where the full-resolution reading puts it, in page points', () => {
    const fullLines = buildLines(full);
    const scaledLines = buildLines(scaled);
    expect(fullLines.length).toBeGreaterThan(8);
    expect(scaledLines.length).toBe(fullLines.length);
    for (const [i, line] of scaledLines.entries()) {
      const want = fullLines[i]!;
      // Line boxes' heights vary with what tesseract takes as the line; their middles do not.
      expect(Math.abs(line.bbox[0] - want.bbox[0])).toBeLessThanOrEqual(1.5);
      expect(Math.abs(line.bbox[2] - want.bbox[2])).toBeLessThanOrEqual(1.5);
      expect(Math.abs(line.bbox[1] + line.bbox[3] - want.bbox[1] - want.bbox[3]) / 2).toBeLessThanOrEqual(2);
    }
    const text = (lines: typeof fullLines) => compactText(lines.map((l) => l.text).join(''));
    expect(cer(text(fullLines), text(scaledLines))).toBeLessThanOrEqual(0.05);
  });
});
