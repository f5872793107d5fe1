import { describe, expect, it } from 'vitest';
import { embeddedPageImage } from '../../../src/ocr/page-image.js';
import { scanJpeg } from '../../../src/ocr/scan-jpeg.js';
import { openPdf } from '../../../src/pdf/load.js';
import { RawPdf } from '../../../src/pdf/raw-pdf.js';
import { A4, FULL_PAGE, scanPdf, type ScanPdfOptions } from '../../support/pdf/scan-pdf.js';

const W = 413; // A4 at 50 dpi
const H = 585;
const page = { objectNumber: 3, width: A4[0], height: A4[1], rotate: 0 };
const MAX_PIXELS = 100e6;

/** scanJpeg on page 1 of `pdf`, the file indexed as the page image code does it. */
function scan(pdf: Uint8Array, p = page, maxPixels = MAX_PIXELS) {
  return scanJpeg(new RawPdf(pdf), p, maxPixels);
}

async function direct(channels: 1 | 3, opts: ScanPdfOptions = {}) {
  return scan(await scanPdf(W, H, channels, opts));
}

/** pdf.js's reading of the same page (its own JPEG decoder). */
async function viaPdfjs(pdf: Uint8Array) {
  const doc = await openPdf(pdf);
  try {
    return await embeddedPageImage(await doc.getPage(1));
  } finally {
    await doc.destroy();
  }
}

describe('scanJpeg', () => {
  it('decodes a grey scan to the pixels pdf.js decodes, give or take the IDCT', async () => {
    const pdf = await scanPdf(W, H, 1);
    const ours = await scan(pdf);
    const theirs = await viaPdfjs(pdf);
    expect(ours).not.toBeNull();
    expect(theirs).not.toBeNull();
    expect([ours!.width, ours!.height, ours!.channels, ours!.dpi]).toEqual([W, H, 1, 50]);
    expect(ours!.pointsPerPixel).toBeCloseTo(theirs!.pointsPerPixel, 9);
    let worst = 0;
    for (let i = 0; i < ours!.pixels.length; i++) worst = Math.max(worst, Math.abs(ours!.pixels[i]! - theirs!.pixels[i]!));
    expect(worst).toBeLessThanOrEqual(4);
    expect(ours!.pixels[120 * W + 200]).toBeLessThan(60);
  });

  it('keeps colour, and finds inherited resources and Flate-compressed content', async () => {
    const img = await direct(3, { inheritResources: true, flateContent: true });
    expect(img?.channels).toBe(3);
    const i = (120 * W + 200) * 3;
    expect(img!.pixels[i]! - img!.pixels[i + 1]!).toBeGreaterThan(100);
  });

  it('leaves every other page to pdf.js', async () => {
    const cases: [string, ScanPdfOptions][] = [
      ['an inverting /Decode', { imageExtra: '/Decode [1 0]' }],
      ['a soft mask', { imageExtra: '/SMask 4 0 R' }],
      ['text over the scan', { content: `${FULL_PAGE} BT /F1 12 Tf 72 72 Td (x) Tj ET` }],
      ['the image drawn twice', { content: `${FULL_PAGE} ${FULL_PAGE}` }],
      ['a flipped image', { content: `q ${A4[0]} 0 0 -${A4[1]} 0 ${A4[1]} cm /Im0 Do Q` }],
      ['an image over half the page', { content: `q ${A4[0] / 2} 0 0 ${A4[1]} 0 0 cm /Im0 Do Q` }],
      ['a rotated page', { pageExtra: '/Rotate 90' }],
    ];
    for (const [what, opts] of cases) {
      const pdf = await scanPdf(W, H, 1, opts);
      const rotate = opts.pageExtra ? 90 : 0;
      expect(await scan(pdf, { ...page, rotate }), what).toBeNull();
    }
    // and the one that would be too big to decode
    expect(await scan(await scanPdf(W, H, 1), page, W * H - 1)).toBeNull();
  });
});
