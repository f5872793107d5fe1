import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fileImage, pageImage } from '../../../src/ocr/page-image.js';
import { buildTestPdf } from '../../support/pdf/build-pdf.js';
import { scanPdf } from '../../support/pdf/scan-pdf.js';

describe('page images', () => {
  it('takes the embedded image of a scanned page as it is, with its resolution', async () => {
    const pdf = await scanPdf(827, 1170, 1); // A4 at 100 dpi
    const img = await pageImage(pdf, 1);
    expect(img.source).toBe('embedded');
    expect([img.width, img.height, img.channels, img.dpi]).toEqual([827, 1170, 1, 100]);
    expect(img.pointsPerPixel).toBeCloseTo(595.276 / 827, 6);
    expect(img.pixels[120 * 827 + 200]).toBeLessThan(120); // the dark box, grey stays grey
    expect(img.pixels[10]).toBeGreaterThan(240);
  });

  it('keeps colour when the scan has it (a red seal)', async () => {
    const pdf = await scanPdf(413, 585, 3);
    const img = await pageImage(pdf, 1);
    expect(img.channels).toBe(3);
    const i = (120 * 413 + 200) * 3;
    expect(img.pixels[i]! - img.pixels[i + 1]!).toBeGreaterThan(100);
  });

  it('renders a page that is not a single image', async () => {
    const pdf = buildTestPdf({ pages: ['BT /F1 24 Tf 72 700 Td (Hello) Tj ET'] });
    const img = await pageImage(pdf, 1, { renderDpi: 72 });
    expect(img.source).toBe('rendered');
    expect(img.width).toBe(595);
    expect(img.pointsPerPixel).toBeCloseTo(1, 2);
    let dark = 0;
    for (let i = 0; i < img.pixels.length; i += img.channels) if (img.pixels[i]! < 128) dark++;
    expect(dark).toBeGreaterThan(50);
  });

  it('decodes image files with the resolution they declare', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ffffff' } })
      .withMetadata({ density: 150 })
      .png()
      .toBuffer();
    const img = await fileImage(png);
    expect([img.width, img.height, img.dpi]).toEqual([300, 200, 150]);
    expect(img.pointsPerPixel).toBeCloseTo(72 / 150, 6);
    await expect(fileImage(Buffer.from('not an image'))).rejects.toMatchObject({ code: 'CORRUPT' });
  });

  it('refuses a page or an image above the pixel limit with TOO_LARGE, before decoding it', async () => {
    const pdf = await scanPdf(827, 1170, 1); // 0.97 megapixels
    await expect(pageImage(pdf, 1, { maxImagePixels: 500_000 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect((await pageImage(pdf, 1, { maxImagePixels: 1_000_000 })).source).toBe('embedded');

    const text = buildTestPdf({ pages: ['BT /F1 24 Tf 72 700 Td (Hello) Tj ET'] });
    // A4 rendered at 300 dpi is about 2480 × 3508 px, 8.7 megapixels.
    await expect(pageImage(text, 1, { maxImagePixels: 8_000_000 })).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringMatching(/^Page 1 would be 24\d\d × 35\d\d px at 300 dpi/),
    });

    const png = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    await expect(fileImage(png, { maxPixels: 999_999 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect((await fileImage(png, { maxPixels: 1_000_000 })).width).toBe(1000);
  });
});
