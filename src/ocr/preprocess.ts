/**
 * Scan clean-up before OCR: red seal suppression, greyscale, contrast stretch and deskew.
 *
 * Every step can be switched off (PreprocessOptions); the defaults are what measured best on
 * the corpus scans (see the figures by each step and in src/ocr/README-like notes of the
 * report). All images here are 8-bit, row-major, top-left origin.
 */
import sharp from 'sharp';
import type { PageImage } from './page-image.js';

export interface PreprocessOptions {
  /** Turn strongly red pixels (a seal) white before greyscale (default true). */
  suppressSeal?: boolean;
  /** Stretch the grey levels so paper is white and ink black (default true). */
  normalizeContrast?: boolean;
  /** Estimate the skew and rotate it back (default true). */
  deskew?: boolean;
  /** Largest skew looked for, degrees (default 3). */
  maxSkewDegrees?: number;
}

/** A greyscale page ready for grid detection and OCR. */
export interface GreyPage {
  /** One byte per pixel, 0 = black, 255 = white. */
  grey: Buffer;
  width: number;
  height: number;
  dpi: number;
  pointsPerPixel: number;
  /** The skew that was removed, degrees clockwise (0 when deskew is off). */
  skewDegrees: number;
}

/**
 * Seal suppression: a pixel whose red channel exceeds both others by more than this takes
 * its red channel as grey level. Seal ink (excess 20–160, red 200–255 on the corpus scans)
 * becomes near white, while text printed under the seal is dark in red as well (black × red
 * is black), so it stays ink, anti-aliased edges included.
 */
const SEAL_RED_FLOOR = 10;
/** A seal pixel this light in red is seal ink on paper (no text under it): it becomes paper. */
const SEAL_PAPER_RED = 200;
/** Percentiles of the grey histogram mapped to black and white by the contrast stretch. */
const INK_PERCENTILE = 0.005;
const PAPER_PERCENTILE = 0.5;
/** The skew is estimated on an image scaled to about this many pixels per inch. */
const SKEW_DPI = 100;

export async function preprocess(image: PageImage, opts: PreprocessOptions = {}): Promise<GreyPage> {
  const { suppressSeal = true, normalizeContrast = true, deskew = true, maxSkewDegrees = 3 } = opts;
  let grey = image.channels === 3 ? toGrey(image.pixels, suppressSeal) : Buffer.from(image.pixels);
  if (normalizeContrast) grey = stretchContrast(grey);
  let skewDegrees = 0;
  if (deskew) {
    skewDegrees = await estimateSkew(grey, image.width, image.height, image.dpi, maxSkewDegrees);
    if (Math.abs(skewDegrees) >= 0.05) grey = await rotateGrey(grey, image.width, image.height, -skewDegrees);
  }
  return { grey, width: image.width, height: image.height, dpi: image.dpi, pointsPerPixel: image.pointsPerPixel, skewDegrees };
}

/** RGB → grey (Rec. 601 luma); with `suppressSeal`, red-dominant pixels are lightened. */
export function toGrey(rgb: Buffer, suppressSeal: boolean): Buffer {
  const n = rgb.length / 3;
  const out = Buffer.allocUnsafe(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const r = rgb[j]!;
    const g = rgb[j + 1]!;
    const b = rgb[j + 2]!;
    if (suppressSeal && r - (g > b ? g : b) > SEAL_RED_FLOOR) out[i] = r >= SEAL_PAPER_RED ? 255 : r;
    else out[i] = ((r * 299 + g * 587 + b * 114) / 1000) | 0;
  }
  return out;
}

/**
 * Linear stretch: the darkest INK_PERCENTILE of pixels go to black and the paper level (the
 * median: most of a page is paper) to white.
 */
export function stretchContrast(grey: Buffer): Buffer {
  const hist = histogram(grey);
  const lo = percentile(hist, grey.length, INK_PERCENTILE);
  const hi = percentile(hist, grey.length, PAPER_PERCENTILE);
  if (hi - lo < 32) return grey;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(((v - lo) * 255) / (hi - lo))));
  const out = Buffer.allocUnsafe(grey.length);
  for (let i = 0; i < grey.length; i++) out[i] = lut[grey[i]!]!;
  return out;
}

/** Counts of each grey level. */
function histogram(grey: Uint8Array): Uint32Array {
  const hist = new Uint32Array(256);
  for (let i = 0; i < grey.length; i++) hist[grey[i]!]!++;
  return hist;
}

function percentile(hist: Uint32Array, total: number, p: number): number {
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= p * total) return v;
  }
  return 255;
}

/** Otsu's threshold of a grey image: pixels <= the result are ink. */
export function otsuThreshold(grey: Uint8Array): number {
  const hist = histogram(grey);
  const total = grey.length;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * hist[v]!;
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let bestT = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      bestT = t;
    }
  }
  return bestT;
}

/**
 * The skew of the text lines, degrees clockwise (positive when lines fall to the right), by
 * maximising the variance of the horizontal projection profile of the ink over
 * ±maxDegrees: coarse steps of 0.2°, then 0.02° around the best.
 */
export async function estimateSkew(grey: Buffer, width: number, height: number, dpi: number, maxDegrees = 3): Promise<number> {
  const scale = Math.min(1, SKEW_DPI / dpi);
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const small =
    scale < 1
      ? await sharp(grey, { raw: { width, height, channels: 1 } })
          .resize(w, h, { kernel: 'linear' })
          .toColourspace('b-w')
          .raw()
          .toBuffer()
      : grey;
  const t = otsuThreshold(small);
  let count = 0;
  for (let i = 0; i < small.length; i++) if (small[i]! <= t) count++;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  // Each ink pixel is spread over its own height by a deterministic jitter: with integer
  // coordinates, 0° would put every pixel of a row into one bin and win for that alone.
  let seed = 12345;
  let k = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (small[y * w + x]! > t) continue;
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      xs[k] = x - w / 2;
      ys[k] = y + seed / 0x80000000 - 0.5;
      k++;
    }
  }
  if (xs.length < 50) return 0;
  const score = (deg: number): number => profileVariance(xs, ys, h, deg);
  let best = 0;
  let bestScore = -Infinity;
  for (let d = -maxDegrees; d <= maxDegrees + 1e-9; d += 0.2) {
    const s = score(d);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  const coarse = best;
  for (let d = coarse - 0.2; d <= coarse + 0.2 + 1e-9; d += 0.02) {
    const s = score(d);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  return Math.round(best * 100) / 100;
}

/**
 * Sum of squared bin counts of the ink projected onto the axis perpendicular to lines
 * sloping `deg` clockwise, in bins of one pixel.
 */
function profileVariance(xs: Float64Array, ys: Float64Array, h: number, deg: number): number {
  const tan = Math.tan((deg * Math.PI) / 180);
  const offset = Math.abs(tan) * 4096 + 4;
  const bins = new Float64Array(Math.ceil(h + 2 * offset) + 2);
  for (let i = 0; i < xs.length; i++) {
    const k = Math.floor(ys[i]! - xs[i]! * tan + offset);
    if (k >= 0 && k < bins.length) bins[k]!++;
  }
  let sum = 0;
  for (let k = 0; k < bins.length; k++) sum += bins[k]! * bins[k]!;
  return sum;
}

/** Rotates by `deg` clockwise about the centre, keeping the size; new corners are white. */
export async function rotateGrey(grey: Buffer, width: number, height: number, deg: number): Promise<Buffer> {
  const { data, info } = await sharp(grey, { raw: { width, height, channels: 1 } })
    .rotate(deg, { background: { r: 255, g: 255, b: 255 } })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const left = Math.round((info.width - width) / 2);
  const top = Math.round((info.height - height) / 2);
  const out = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    const src = (y + top) * info.width * info.channels;
    if (info.channels === 1) data.copy(out, y * width, src + left, src + left + width);
    else for (let x = 0; x < width; x++) out[y * width + x] = data[src + (x + left) * info.channels]!;
  }
  return out;
}
