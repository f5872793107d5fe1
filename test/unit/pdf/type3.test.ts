/**
 * Type3 glyph procedures emptied for text extraction (type3.ts): the text pdf.js reads is the
 * same, item for item, and only the glyph procedures change.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPdf } from '../../../src/pdf/extract.js';
import { openPdf } from '../../../src/pdf/load.js';
import { RawPdf } from '../../../src/pdf/raw-pdf.js';
import { withEmptyType3Glyphs } from '../../../src/pdf/type3.js';
import { corpusDir } from '../../support/env.js';
import { toUnicodeCMap } from '../../support/pdf/build-pdf.js';
import { serializePdf, type PdfObject } from '../../support/pdf/writer.js';

const GLYPH = '500 0 0 0 500 700 d1 0 0 500 700 re f';

/** A page with 年报 set in a two-glyph Type3 font (codes a and b), and a title. */
function type3Pdf(fontBBox = '[0 0 1000 1000]'): Uint8Array {
  const objects = new Map<number, PdfObject>([
    [1, '<< /Type /Catalog /Pages 2 0 R >>'],
    [2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
    [3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /T3 5 0 R >> >> /Contents 4 0 R >>'],
    [4, { dict: '<< >>', data: 'BT /T3 12 Tf 72 700 Td (ab) Tj ET' }],
    [
      5,
      `<< /Type /Font /Subtype /Type3 /FontBBox ${fontBBox} /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /a 6 0 R /b 7 0 R >>` +
        ' /Encoding << /Type /Encoding /Differences [97 /a /b] >> /FirstChar 97 /LastChar 98 /Widths [500 600] /ToUnicode 8 0 R >>',
    ],
    [6, { dict: '<< >>', data: GLYPH }],
    [7, { dict: '<< >>', data: GLYPH }],
    [8, { dict: '<< >>', data: toUnicodeCMap({ a: '年', b: '报' }) }],
    [9, '<< /Title (Type3 report) /Producer (nianbao-test) >>'],
  ]);
  return serializePdf({ objects, root: 1, info: 9 });
}

/** Every page's text items as pdf.js reads them, less the font ids (numbered per document). */
async function textItems(pdf: Uint8Array): Promise<unknown[]> {
  const doc = await openPdf(pdf);
  try {
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const { items } = await (await doc.getPage(n)).getTextContent();
      pages.push(items.map((item) => ({ ...item, fontName: undefined })));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

describe('withEmptyType3Glyphs', () => {
  it('empties the glyph procedures in an update, and pdf.js reads the same text and title', async () => {
    const pdf = type3Pdf();
    const original = new RawPdf(pdf);
    const lean = withEmptyType3Glyphs(original)!;
    expect(lean).not.toBeNull();
    expect(Buffer.from(lean.data.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true);
    for (const glyph of [6, 7]) {
      expect(Buffer.from(original.streamBytes(glyph, 1000)!).toString()).toBe(GLYPH);
      expect(lean.streamBytes(glyph, 1000)).toHaveLength(0);
      expect(new RawPdf(lean.data).streamBytes(glyph, 1000)).toHaveLength(0); // as indexed from the bytes
    }
    const items = await textItems(lean.data);
    expect(items).toEqual(await textItems(pdf));
    expect(JSON.stringify(items)).toContain('年报');

    const { pages, info } = await extractPdf(pdf, { maxPages: 1 });
    expect(info.title).toBe('Type3 report');
    expect(pages[0]!.items.map((i) => i.text)).toEqual(['年报']);
  });

  it('keeps the procedures of a font without a usable /FontBBox, and of files it cannot see whole', () => {
    expect(withEmptyType3Glyphs(new RawPdf(type3Pdf('[0 0 0 0]')))).toBeNull();
    const withObjectStream = Buffer.concat([
      Buffer.from(type3Pdf()),
      Buffer.from('10 0 obj\n<< /Type /ObjStm /N 0 /First 0 /Length 0 >>\nstream\n\nendstream\nendobj\n'),
    ]);
    expect(withEmptyType3Glyphs(new RawPdf(new Uint8Array(withObjectStream)))).toBeNull();
  });

  const corpusPdfs = fs.existsSync(corpusDir)
    ? fs
        .readdirSync(corpusDir)
        .sort()
        .slice(0, 3)
        .map((d) => path.join(corpusDir, d, `${d}.text.pdf`))
        .filter((f) => fs.existsSync(f))
    : [];

  it.skipIf(corpusPdfs.length === 0)('reads the same text items from corpus PDFs written by Chromium', async () => {
    for (const file of corpusPdfs) {
      const pdf = new Uint8Array(fs.readFileSync(file));
      const lean = withEmptyType3Glyphs(new RawPdf(pdf));
      expect(lean, path.basename(file)).not.toBeNull();
      expect(await textItems(lean!.data)).toEqual(await textItems(pdf));
    }
  });
});
