/**
 * Scan clean-up before OCR: red seal suppression, greyscale, contrast stretch and deskew.
 *
 * Every step can be switched off (PreprocessOptions); the defaults are what measured best on
 * the corpus scans (see the figures by each step and in src/ocr/README-like notes of the
 * report). All images here are 8-bit, row-major, top-left origin.
 */
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
  // The buffer is this function's own: stretched in place.
  if (normalizeContrast) grey = stretchContrast(grey, grey);
  let skewDegrees = 0;
  if (deskew) {
    skewDegrees = estimateSkew(grey, image.width, image.height, image.dpi, maxSkewDegrees);
    if (Math.abs(skewDegrees) >= 0.05) grey = rotateGrey(grey, image.width, image.height, -skewDegrees);
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
 * median: most of a page is paper) to white. Written into `out` (a new buffer by default;
 * `grey` itself stretches in place); a page without the contrast to stretch is returned as is.
 */
export function stretchContrast(grey: Buffer, out: Buffer = Buffer.allocUnsafe(grey.length)): Buffer {
  const hist = histogram(grey);
  const lo = percentile(hist, grey.length, INK_PERCENTILE);
  const hi = percentile(hist, grey.length, PAPER_PERCENTILE);
  if (hi - lo < 32) return grey;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(((v - lo) * 255) / (hi - lo))));
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
 * ±maxDegrees: coarse steps of 0.2°, then 0.02° around the best. The ink is taken from the
 * page shrunk by a whole factor to about SKEW_DPI.
 */
export function estimateSkew(grey: Uint8Array, width: number, height: number, dpi: number, maxDegrees = 3): number {
  const { pixels: small, width: w, height: h } = shrink(grey, width, height, Math.max(1, Math.round(dpi / SKEW_DPI)));
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

/** The image shrunk by a whole `factor`: each output pixel is the mean of a factor × factor block. */
function shrink(
  grey: Uint8Array,
  width: number,
  height: number,
  factor: number,
): { pixels: Uint8Array; width: number; height: number } {
  if (factor <= 1) return { pixels: grey, width, height };
  const w = Math.max(1, Math.floor(width / factor));
  const h = Math.max(1, Math.floor(height / factor));
  const sums = new Uint32Array(w);
  const out = new Uint8Array(w * h);
  const area = factor * factor;
  for (let sy = 0; sy < h; sy++) {
    sums.fill(0);
    for (let y = sy * factor, yEnd = Math.min(height, y + factor); y < yEnd; y++) {
      let i = y * width;
      for (let sx = 0; sx < w; sx++) {
        let s = 0;
        for (let k = 0; k < factor; k++) s += grey[i++]!;
        sums[sx] = sums[sx]! + s;
      }
    }
    const row = sy * w;
    for (let sx = 0; sx < w; sx++) out[row + sx] = Math.round(sums[sx]! / area);
  }
  return { pixels: out, width: w, height: h };
}

/**
 * Rotates by `deg` clockwise about the centre, keeping the size; new corners are white. Each
 * output pixel interpolates (bilinear) the source around the point its centre maps back to.
 */
export function rotateGrey(grey: Uint8Array, width: number, height: number, deg: number): Buffer {
  const out = Buffer.alloc(width * height, 255);
  const rad = (deg * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    const dy = y + 0.5 - cy;
    const dx0 = 0.5 - cx;
    // The source point of the output pixel (x, y), R(-deg) about the centre, in pixel-centre
    // coordinates (source pixel i spans i..i+1, its centre is i + 0.5).
    let sx = cos * dx0 + sin * dy + cx - 0.5;
    let sy = -sin * dx0 + cos * dy + cy - 0.5;
    const row = y * width;
    for (let x = 0; x < width; x++, sx += cos, sy -= sin) {
      if (sx < 0 || sy < 0 || sx > width - 1 || sy > height - 1) continue;
      const x0 = sx | 0;
      const y0 = sy | 0;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * width + x0;
      const x1 = x0 + 1 < width ? 1 : 0;
      const y1 = y0 + 1 < height ? width : 0;
      const top = grey[i]! + (grey[i + x1]! - grey[i]!) * fx;
      const bottom = grey[i + y1]! + (grey[i + y1 + x1]! - grey[i + y1]!) * fx;
      out[row + x] = (top + (bottom - top) * fy + 0.5) | 0;
    }
  }
  return out;
}
