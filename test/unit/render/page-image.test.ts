import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { NianbaoError } from '../../../src/errors.js';
import { PageRangeError, renderPdfPage, renderScale } from '../../../src/render/page-image.js';
import type { NianbaoRecord } from '../../../src/record/schema.js';
import { repoRoot } from '../../support/env.js';

const pdf = new Uint8Array(fs.readFileSync(path.join(repoRoot, 'samples/inputs/syn12.text.pdf')));
const expected = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'samples/expected/syn12.text.pdf.json'), 'utf8'),
) as NianbaoRecord;

/** Share of pixels darker than mid-grey inside a rectangle (pixel units) of a PNG. */
async function inkShare(png: Buffer, [x0, y0, x1, y1]: number[]): Promise<number> {
  const left = Math.round(x0!);
  const top = Math.round(y0!);
  const { data, info } = await sharp(png)
    .extract({ left, top, width: Math.round(x1!) - left, height: Math.round(y1!) - top })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let dark = 0;
  for (let i = 0; i < data.length; i += info.channels) if (data[i]! < 128) dark++;
  return dark / (data.length / info.channels);
}

describe('renderPdfPage', () => {
  it('renders one A4 page as a PNG of page size × scale, with ink where the facts are', async () => {
    const page = await renderPdfPage(pdf, 3, { scale: 1.5 });
    expect(page.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // A4 is 595.28 × 841.89 pt.
    expect(page).toMatchObject({ width: 893, height: 1263, scale: 1.5 });
    const meta = await sharp(page.png).metadata();
    expect([meta.width, meta.height]).toEqual([893, 1263]);

    // The boxes of facts (PDF points) land on the digits they were read from, and the
    // margin is white: the scale really maps points to pixels.
    const fact = expected.facts.find((f) => f.key === 'requests.new.total' && f.source.bbox)!;
    expect(fact.source.page).toBe(3);
    const box = fact.source.bbox!.map((v) => v * page.scale);
    expect(await inkShare(page.png, box)).toBeGreaterThan(0.005);
    expect(await inkShare(page.png, [0, 0, 893, 60])).toBe(0);
  });

  it('takes a resolution in dpi instead of a scale', async () => {
    const page = await renderPdfPage(pdf, 1, { dpi: 36 });
    expect(page.scale).toBe(0.5);
    expect([page.width, page.height]).toEqual([298, 421]);
  });

  it('refuses pages that do not exist, bad scales and bytes that are not a PDF', async () => {
    await expect(renderPdfPage(pdf, 6)).rejects.toBeInstanceOf(PageRangeError);
    await expect(renderPdfPage(pdf, 0)).rejects.toBeInstanceOf(PageRangeError);
    expect(() => renderScale({ scale: 0 })).toThrow(RangeError);
    expect(() => renderScale({ dpi: 1000 })).toThrow(RangeError);
    const err = await renderPdfPage(new TextEncoder().encode('not a pdf at all'), 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NianbaoError);
    expect((err as NianbaoError).code).toBe('CORRUPT');
  });
});
