/**
 * Ruling lines read from content streams (content-rules.ts) against pdf.js's operator list
 * (rules.ts): the same segments on every corpus page and on hand-written pages, and null
 * wherever the content stream reader cannot be sure.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RuleSegment } from '../../../src/model.js';
import { rulesFromContent } from '../../../src/pdf/content-rules.js';
import { extractPdf } from '../../../src/pdf/extract.js';
import { openPdf } from '../../../src/pdf/load.js';
import type { Matrix } from '../../../src/pdf/matrix.js';
import { RawPdf } from '../../../src/pdf/raw-pdf.js';
import { rulesFromOperatorList } from '../../../src/pdf/rules.js';
import { corpusDir } from '../../support/env.js';
import { serializePdf, type PdfObject } from '../../support/pdf/writer.js';

const MAX_BYTES = 1 << 20;

/** Both readings of every page: from the content stream (null: declined) and from pdf.js. */
async function bothReadings(pdf: Uint8Array): Promise<{ content: RuleSegment[] | null; ops: RuleSegment[] }[]> {
  const raw = new RawPdf(pdf);
  const doc = await openPdf(pdf);
  try {
    const out = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 }).transform as Matrix;
      const ops = await page.getOperatorList();
      out.push({
        content: rulesFromContent(raw, page.ref!.num, viewport, MAX_BYTES),
        ops: rulesFromOperatorList(ops.fnArray, ops.argsArray, viewport),
      });
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

/** pdf.js hands path coordinates over as 32-bit floats: compare to a thousandth of a point. */
const rounded = (rules: RuleSegment[] | null) =>
  rules?.map((r) => [r.x0, r.y0, r.x1, r.y1].map((v) => Math.round(v * 1000) / 1000));

/**
 * One 200 × 100 pt page with `content` (drawn in user space, origin bottom-left), the
 * resources dictionary `resources`, and further objects from number 5 on.
 */
function onePage(content: string | { dict: string; data: Uint8Array }, resources = '<< >>', more: PdfObject[] = []) {
  const objects = new Map<number, PdfObject>([
    [1, '<< /Type /Catalog /Pages 2 0 R >>'],
    [2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
    [3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Resources ${resources} /Contents 4 0 R >>`],
    [4, typeof content === 'string' ? { dict: '<< >>', data: content } : content],
  ]);
  more.forEach((o, i) => objects.set(5 + i, o));
  return serializePdf({ objects, root: 1 });
}

const corpusPdfs = fs.existsSync(corpusDir)
  ? fs
      .readdirSync(corpusDir)
      .map((d) => path.join(corpusDir, d, `${d}.text.pdf`))
      .filter((f) => fs.existsSync(f))
  : [];

describe('rulesFromContent', () => {
  it.skipIf(corpusPdfs.length === 0)('reads the same rules as the operator list on every corpus text PDF page', async () => {
    let pages = 0;
    let rules = 0;
    for (const file of corpusPdfs) {
      for (const { content, ops } of await bothReadings(new Uint8Array(fs.readFileSync(file)))) {
        expect(content, `${path.basename(file)} page ${pages}`).not.toBeNull();
        expect(rounded(content)).toEqual(rounded(ops));
        pages++;
        rules += ops.length;
      }
    }
    expect(pages).toBeGreaterThan(50);
    expect(rules).toBeGreaterThan(1000);
  });

  it('follows cm, q/Q, forms with their matrix, white paint and alpha, as pdf.js does', async () => {
    const content = [
      '0 0 0 RG 1 w',
      '10 90 m 190 90 l S', // stroked rule at y 90 → top-left 10
      'q 0.5 0 0 0.5 0 0 cm 20 100 200 2 re f Q', // thin fill → x 10..110, y 50..51
      'q 1 g 10 80 180 1 re f Q', // white fill: background
      'q 0 0 0 0 k 10 78 180 1 re f Q', // CMYK white
      'q /CS0 cs 1 1 1 sc 10 76 180 1 re f Q', // ICC-based RGB white
      'q /CS0 cs 0 0 0 sc 10 74 180 1 re f Q', // ICC-based RGB black: a rule
      'q /GS0 gs 10 72 180 1 re f Q', // fill alpha 0
      'q 1 0 0 1 0 -40 cm /Fm0 Do Q', // form translated by its /Matrix and by the cm
      '/Span << /ActualText (re f]) >> BDC [(a]b) 5 (c)] TJ EMC', // strings and arrays are skipped
      'BI /W 4 /H 1 /BPC 8 /CS /G ID \n0 0 150 1 re f EI', // inline image data are skipped
      '10 5 m 190 5 l h', // a path never painted
      '10 3 m 190 3 l n',
    ].join('\n');
    const form = {
      dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 200 100] /Matrix [1 0 0 1 5 0] >>',
      data: '0 G 10 60 m 100 60 l S',
    };
    const pdf = onePage(
      content,
      '<< /ColorSpace << /CS0 [/ICCBased 5 0 R] >> /ExtGState << /GS0 << /ca 0 >> >> /XObject << /Fm0 6 0 R >> >>',
      [{ dict: '<< /N 3 /Alternate /DeviceRGB >>', data: '' }, form],
    );
    const [page] = await bothReadings(pdf);
    expect(rounded(page!.content)).toEqual([
      [10, 10, 190, 10],
      [10, 49.5, 110, 49.5],
      [10, 25.5, 190, 25.5],
      [15, 80, 105, 80],
    ]);
    expect(rounded(page!.content)).toEqual(rounded(page!.ops));
  });

  it('reads Flate-compressed content and several content streams of one page', async () => {
    const data = zlib.deflateSync(Buffer.from('10 50 m 190 50 l S'));
    const pdf = onePage({ dict: '<< /Filter /FlateDecode >>', data });
    const [page] = await bothReadings(pdf);
    expect(rounded(page!.content)).toEqual([[10, 50, 190, 50]]);
  });

  it('stops at a form that draws itself', async () => {
    const form = {
      dict: '<< /Subtype /Form /BBox [0 0 200 100] /Resources << /XObject << /Fm0 5 0 R >> >> >>',
      data: '10 50 m 190 50 l S /Fm0 Do',
    };
    const pdf = onePage('/Fm0 Do', '<< /XObject << /Fm0 5 0 R >> >>', [form]);
    const raw = new RawPdf(pdf);
    expect(rounded(rulesFromContent(raw, 3, [1, 0, 0, -1, 0, 100], MAX_BYTES))).toEqual([[10, 50, 190, 50]]);
  });

  it('declines what it cannot read, and extraction then takes the operator list', async () => {
    const separation = onePage(
      '/CS0 cs 0 sc 10 50 180 1 re f',
      '<< /ColorSpace << /CS0 [/Separation /Spot /DeviceCMYK 5 0 R] >> >>',
      ['<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0 0 0 1] /N 1 >>'],
    );
    const predictor = onePage({
      dict: '<< /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> >>',
      data: zlib.deflateSync(Buffer.from('10 50 m 190 50 l S')),
    });
    const unterminated = onePage('10 50 m 190 50 l S (never closed');
    for (const pdf of [separation, predictor, unterminated]) {
      const [page] = await bothReadings(pdf);
      expect(page!.content).toBeNull();
    }
    // A Separation tint of 0 is no ink: pdf.js converts it to white, and extraction agrees.
    const { pages } = await extractPdf(separation, { maxPages: 1 });
    expect(pages[0]!.rules).toEqual([]);
    const withInk = separation.slice();
    withInk.set(Buffer.from('1 sc'), Buffer.from(separation).indexOf('0 sc'));
    expect((await extractPdf(withInk, { maxPages: 1 })).pages[0]!.rules).toHaveLength(1);
  });

  it('is not used on files whose objects it cannot all see', () => {
    const plain = onePage('10 50 m 190 50 l S');
    expect(new RawPdf(plain).complete).toBe(true);
    const encrypted = serializePdf({
      objects: new Map<number, PdfObject>([
        [1, '<< /Type /Catalog /Pages 2 0 R >>'],
        [2, '<< /Type /Pages /Kids [] /Count 0 >>'],
      ]),
      root: 1,
      encrypt: { user: '', owner: 'secret' },
    });
    expect(new RawPdf(encrypted).complete).toBe(false);
    const objectStream = onePage('10 50 m 190 50 l S', '<< >>', [{ dict: '<< /Type /ObjStm /N 0 /First 0 >>', data: '' }]);
    expect(new RawPdf(objectStream).complete).toBe(false);
  });
});
