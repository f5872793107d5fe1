/**
 * What protects the PDF reader: the stream check against decompression bombs, the pixel
 * limit, the repair of files cut off at the end, and per-page failures.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { extractPdf } from '../../../src/pdf/extract.js';
import { assertPagePixels } from '../../../src/pdf/pixel-limit.js';
import { rawObjects } from '../../../src/pdf/raw-objects.js';
import { repairTruncatedPdf } from '../../../src/pdf/repair.js';
import { checkStreams, flateLayers, inflatedSize } from '../../../src/pdf/stream-guard.js';
import { truncated, withoutTail } from '../../support/bad/pdf-damage.js';
import { bombPdf, deflatedBlanks, hugePagePdf } from '../../support/bad/pdf-hostile.js';
import { repoRoot } from '../../support/env.js';
import { buildTestPdf, errorOf, text } from '../../support/pdf/build-pdf.js';
import { serializePdf, type PdfObject } from '../../support/pdf/writer.js';

const MIB = 1024 * 1024;
const report = fs.readFileSync(path.join(repoRoot, 'samples/inputs/syn12.text.pdf'));

const allText = (pdf: Awaited<ReturnType<typeof extractPdf>>) => pdf.pages.map((p) => p.items.map((i) => i.text).join('|'));

describe('stream check', () => {
  it('counts Flate layers only when nothing else filters the stream', () => {
    expect(flateLayers('<< /Filter /FlateDecode /Length 9 >>')).toBe(1);
    expect(flateLayers('<< /Filter [/FlateDecode /FlateDecode] >>')).toBe(2);
    expect(flateLayers('<< /Filter [ /ASCII85Decode /FlateDecode ] >>')).toBe(0);
    expect(flateLayers('<< /Filter /DCTDecode >>')).toBe(0);
    expect(flateLayers('<< /Length 9 >>')).toBe(0);
  });

  it('measures inflated sizes exactly, stops just past the cap, and counts damaged data up to the damage', async () => {
    const data = zlib.deflateSync(Buffer.alloc(300_000, 7));
    expect(await inflatedSize(data, 1, MIB)).toBe(300_000);
    expect(await inflatedSize(zlib.deflateSync(data), 2, MIB)).toBe(300_000);
    const capped = await inflatedSize(data, 1, 100_000);
    expect(capped).toBeGreaterThan(100_000);
    expect(capped).toBeLessThan(300_000);
    expect(await inflatedSize(Buffer.from('not deflate data'), 1, MIB)).toBe(0);
  });

  it('refuses a content stream that inflates beyond the limit, one layer or two', async () => {
    const blanks = await deflatedBlanks(20);
    for (const layers of [1, 2] as const) {
      const err = await errorOf(extractPdf(bombPdf(blanks, layers), { maxPages: 10, maxStreamBytes: 8 * MIB }));
      expect(err.code).toBe('TOO_LARGE');
      expect(err.message).toBe('A compressed stream in the PDF (object 4) expands to more than 8 MiB and was not read');
    }
    // under the limit the same file is read (it is only blanks)
    expect(allText(await extractPdf(bombPdf(blanks, 2), { maxPages: 10, maxStreamBytes: 32 * MIB }))).toEqual(['']);
    const total = await errorOf(checkStreams(bombPdf(blanks, 1), { maxStreamBytes: 32 * MIB, maxTotalStreamBytes: 16 * MIB }));
    expect(total.message).toBe('The compressed streams of the PDF expand to more than 16 MiB together');
  });

  it('passes an ordinary report without inflating streams too small to break a limit', async () => {
    const inflate = vi.spyOn(zlib, 'inflateSync');
    try {
      expect(await checkStreams(report)).toEqual({ oversizedImages: [] });
      expect(inflate).not.toHaveBeenCalled();
      // Under a limit they could break, they are measured.
      await expect(checkStreams(report, { maxTotalStreamBytes: 100_000 })).rejects.toThrow(/together/);
      expect(inflate).toHaveBeenCalled();
    } finally {
      inflate.mockRestore();
    }
  });

  it('adds up many small streams that each pass, and refuses them together', async () => {
    const blank = await deflatedBlanks(1);
    const count = 40;
    const objects = new Map<number, PdfObject>([
      [1, '<< /Type /Catalog /Pages 2 0 R >>'],
      [2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
      [
        3,
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [${Array.from({ length: count }, (_, i) => `${10 + i} 0 R`).join(' ')}] >>`,
      ],
      ...Array.from({ length: count }, (_, i): [number, PdfObject] => [
        10 + i,
        { dict: '<< /Filter /FlateDecode >>', data: blank },
      ]),
    ]);
    const pdf = serializePdf({ objects, root: 1 });
    const limits = { maxStreamBytes: 2 * MIB };
    const err = await errorOf(checkStreams(pdf, { ...limits, maxTotalStreamBytes: 32 * MIB }));
    expect(err.message).toBe('The compressed streams of the PDF expand to more than 32 MiB together');
    expect(await checkStreams(pdf, { ...limits, maxTotalStreamBytes: 41 * MIB })).toEqual({ oversizedImages: [] });
  });

  it('reports images over the pixel limit without inflating them', async () => {
    const pdf = hugePagePdf(20_000, zlib.deflateSync(Buffer.alloc(20_000)));
    expect((await checkStreams(pdf)).oversizedImages).toEqual([{ num: 5, width: 20_000, height: 20_000 }]);
    expect((await checkStreams(pdf, { maxImagePixels: 500_000_000 })).oversizedImages).toEqual([]);
  });
});

describe('pixel limit', () => {
  it('refuses a scan whose only image is over the limit, but reads text next to such an image', async () => {
    const scan = hugePagePdf(20_000, zlib.deflateSync(Buffer.alloc(20_000)));
    const err = await errorOf(extractPdf(scan, { maxPages: 10 }));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.message).toMatch(/20000 × 20000 px is over the limit of 100 megapixels/);

    const image = '<< /Type /XObject /Subtype /Image /Width 20000 /Height 20000 /ColorSpace /DeviceGray /BitsPerComponent 8 >>';
    const objects = new Map<number, PdfObject>([
      [1, '<< /Type /Catalog /Pages 2 0 R >>'],
      [2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
      [
        3,
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>',
      ],
      [4, { dict: '<< >>', data: `q 595 0 0 842 0 0 cm /Im1 Do Q ${text(72, 742, 'Text over a huge image')}` }],
      [5, { dict: image, data: 'tiny' }],
      [6, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'],
    ]);
    expect(allText(await extractPdf(serializePdf({ objects, root: 1 }), { maxPages: 10 }))).toEqual(['Text over a huge image']);
  });

  it('tells a renderer when a page would be too many pixels', () => {
    expect(() => assertPagePixels(1, 595, 842, 300)).not.toThrow();
    expect(() => assertPagePixels(3, 20_000, 20_000, 300)).toThrow(/Page 3 would be 83334 × 83334 px at 300 dpi/);
  });
});

describe('files cut off at the end', () => {
  it('walks the objects of a file and marks the one cut in half', () => {
    const objects = [...rawObjects(report)];
    expect(objects.length).toBe(899);
    expect(objects.every((o) => o.complete)).toBe(true);
    const cut = [...rawObjects(truncated(report, 0.5))];
    expect(cut.at(-1)!.complete).toBe(false);
    expect(cut.slice(0, -1).every((o) => o.complete)).toBe(true);
  });

  it('reads a file that lost only its xref table and trailer, as the intact file', async () => {
    const tail = withoutTail(report);
    expect(repairTruncatedPdf(tail)?.kind).toBe('repaired');
    expect(allText(await extractPdf(tail, { maxPages: 10 }))).toEqual(allText(await extractPdf(report, { maxPages: 10 })));
  });

  it('fails a file cut inside its pages or fonts as CORRUPT instead of reading garbled text', async () => {
    expect(repairTruncatedPdf(report)).toBeUndefined();
    for (const share of [0.35, 0.6, 0.9]) {
      expect(repairTruncatedPdf(truncated(report, share))?.kind).toBe('incomplete');
      expect((await errorOf(extractPdf(truncated(report, share), { maxPages: 10 }))).code).toBe('CORRUPT');
    }
  });
});

describe('pages that cannot be read', () => {
  const page = (c: number) =>
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${c} 0 R >>`;

  it('keeps the other pages and names the failed one', async () => {
    const objects = new Map<number, PdfObject>([
      [1, '<< /Type /Catalog /Pages 2 0 R >>'],
      [2, '<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>'],
      [3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'],
      [4, page(5)],
      [5, { dict: '<< >>', data: text(72, 742, 'one') }],
      [6, '(not a page)'],
    ]);
    const pdf = await extractPdf(serializePdf({ objects, root: 1 }), { maxPages: 10 });
    expect(pdf.pages.map((p) => p.page)).toEqual([1]);
    expect(allText(pdf)).toEqual(['one']);
    expect(pdf.failedPages).toEqual([{ page: 2, message: expect.stringMatching(/^page 2 could not be read \(.+\)$/) }]);
  });

  it('fails the document as CORRUPT when no page can be read', async () => {
    const objects = new Map<number, PdfObject>([
      [1, '<< /Type /Catalog /Pages 2 0 R >>'],
      [2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
      [3, '(not a page)'],
    ]);
    const err = await errorOf(extractPdf(serializePdf({ objects, root: 1 }), { maxPages: 10 }));
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toMatch(/^No page of the PDF could be read/);
  });

  it('reads every page of an ordinary file without failures', async () => {
    const pdf = await extractPdf(buildTestPdf({ pages: [text(72, 742, 'a'), text(72, 742, 'b')] }), { maxPages: 10 });
    expect(pdf.failedPages).toEqual([]);
    expect(allText(pdf)).toEqual(['a', 'b']);
  });
});
