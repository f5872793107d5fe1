import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { PageImage } from '../../../src/ocr/page-image.js';
import { estimateSkew, otsuThreshold, preprocess, rotateGrey, stretchContrast, toGrey } from '../../../src/ocr/preprocess.js';

const W = 827;
const H = 1170; // A4 at 100 dpi

/** A text-like page: rows of word blocks of varying length, and a ruled box. */
function pageSvg(): string {
  const parts: string[] = [];
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let y = 150; y < 1100; y += 38) {
    let x = 120 + (y % 76 === 0 ? 60 : 0);
    while (x < 1100) {
      const w = 30 + Math.round(rnd() * 90);
      parts.push(`<rect x="${x}" y="${y}" width="${Math.min(w, 1120 - x)}" height="22" fill="#111"/>`);
      x += w + 12;
    }
  }
  for (let y = 1200; y <= 1500; y += 50) parts.push(`<rect x="120" y="${y}" width="1000" height="3" fill="#000"/>`);
  for (let x = 120; x <= 1120; x += 250) parts.push(`<rect x="${x}" y="1200" width="3" height="303" fill="#000"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 1240 1754"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`;
}

async function greyPage(scale = 1): Promise<Buffer> {
  return sharp(Buffer.from(pageSvg()))
    .resize(W * scale, H * scale)
    .toColourspace('b-w')
    .raw()
    .toBuffer();
}

/** Centroid of the pixels darker than mid-grey. */
function inkCentroid(grey: Uint8Array, width: number): [number, number] {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < grey.length; i++) {
    if (grey[i]! >= 128) continue;
    n++;
    sx += (i % width) + 0.5;
    sy += Math.floor(i / width) + 0.5;
  }
  return [sx / n, sy / n];
}

describe('deskew', () => {
  it.each([1.3, -0.8, 0.35, -2.4])('finds a skew of %s° within 0.2°', async (angle) => {
    const straight = await greyPage();
    const skewed = rotateGrey(straight, W, H, angle);
    const found = estimateSkew(skewed, W, H, 100);
    expect(Math.abs(found - angle)).toBeLessThanOrEqual(0.2);
  });

  it('finds the skew of a 300 dpi scan, measured on the page shrunk to 100 dpi', async () => {
    const straight = await greyPage(3);
    const skewed = rotateGrey(straight, W * 3, H * 3, -1.7);
    expect(Math.abs(estimateSkew(skewed, W * 3, H * 3, 300) + 1.7)).toBeLessThanOrEqual(0.2);
  });

  it('rotates clockwise about the centre and keeps white around the page', () => {
    const size = 401;
    const grey = Buffer.alloc(size * size, 255);
    for (let y = 198; y < 203; y++) grey.fill(0, y * size + 298, y * size + 303); // a dot at (300.5, 200.5)
    const rotated = rotateGrey(grey, size, size, 10);
    const [x, y] = inkCentroid(rotated, size);
    const rad = (10 * Math.PI) / 180;
    expect(x).toBeCloseTo(200.5 + 100 * Math.cos(rad), 0);
    expect(y).toBeCloseTo(200.5 + 100 * Math.sin(rad), 0);
    expect(rotated[0]).toBe(255);
    expect(rotated[size * size - 1]).toBe(255);
  });

  it('reports no skew for a straight page and rotates it back otherwise', async () => {
    const straight = await greyPage();
    expect(Math.abs(estimateSkew(straight, W, H, 100))).toBeLessThanOrEqual(0.05);
    const image: PageImage = {
      pixels: rotateGrey(straight, W, H, 1.1),
      width: W,
      height: H,
      channels: 1,
      dpi: 100,
      pointsPerPixel: 72 / 100,
      source: 'file',
    };
    const out = await preprocess(image);
    expect(Math.abs(out.skewDegrees - 1.1)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(estimateSkew(out.grey, W, H, 100))).toBeLessThanOrEqual(0.1);
    expect(out.width).toBe(W);
    expect(out.height).toBe(H);
  });
});

describe('seal suppression', () => {
  // Black text strokes with a red seal stamped over part of them (multiplied, as ink is).
  const w = 200;
  const h = 100;
  function sealImage(): Buffer {
    const rgb = Buffer.alloc(w * h * 3, 255);
    const set = (x: number, y: number, r: number, g: number, b: number) => {
      const i = (y * w + x) * 3;
      rgb[i] = Math.min(rgb[i]!, r);
      rgb[i + 1] = Math.min(rgb[i + 1]!, g);
      rgb[i + 2] = Math.min(rgb[i + 2]!, b);
    };
    for (let y = 40; y < 60; y++) for (let x = 20; x < 180; x++) set(x, y, 20, 20, 20); // black bar
    for (let y = 0; y < h; y++) for (let x = 100; x < 200; x++) set(x, y, 225, 50, 55); // red seal
    return rgb;
  }

  it('whitens red seal ink and keeps black text under it', () => {
    const grey = toGrey(sealImage(), true);
    const at = (x: number, y: number) => grey[y * w + x]!;
    expect(at(150, 10)).toBeGreaterThan(200); // seal only
    expect(at(150, 50)).toBeLessThan(60); // text under the seal
    expect(at(50, 50)).toBeLessThan(60); // text outside the seal
    expect(at(50, 10)).toBe(255); // paper
  });

  it('without it, the seal is as dark as text for a threshold', () => {
    const grey = toGrey(sealImage(), false);
    expect(grey[10 * w + 150]!).toBeLessThanOrEqual(otsuThreshold(grey));
  });
});

describe('contrast stretch', () => {
  it('maps the paper level to white and the darkest ink to black', () => {
    const grey = Buffer.alloc(10000, 200);
    for (let i = 0; i < 500; i++) grey[i] = 60;
    const out = stretchContrast(grey);
    expect(out[5000]).toBe(255);
    expect(out[0]).toBe(0);
    expect(grey[0]).toBe(60);
  });

  it('stretches in place when given the page as its output', () => {
    const grey = Buffer.alloc(10000, 200);
    for (let i = 0; i < 500; i++) grey[i] = 60;
    expect(stretchContrast(grey, grey)).toBe(grey);
    expect([grey[0], grey[5000]]).toEqual([0, 255]);
  });
});
