/**
 * The pixels of a scanned page: the page's one embedded image when it is a scan (no
 * re-rendering, no resampling; a plain JPEG scan is decoded with sharp, see scan-jpeg.ts),
 * else the page rendered with pdf.js and @napi-rs/canvas; and image files (PNG, JPEG, TIFF)
 * decoded with sharp.
 *
 * Coordinates: `pointsPerPixel` converts image pixels to page units. For PDF pages that is
 * page points per pixel (72 / dpi for a full-page scan); for image files it is 72 / dpi as
 * well (dpi from the file, else DEFAULT_IMAGE_DPI), so that OCR pages are always in points
 * and the table builder's tolerances (written in pt) hold for them too.
 */
import { OPS } from '../pdf/pdfjs.js';
import type { PDFPageProxy } from '../pdf/pdfjs.js';
import sharp, { type Metadata } from 'sharp';
import { NianbaoError } from '../errors.js';
import { loadPdf } from '../pdf/load.js';
import { drawPage } from '../pdf/render.js';
import { assertPagePixels, DEFAULT_MAX_IMAGE_PIXELS } from '../pdf/pixel-limit.js';
import type { StreamLimits } from '../pdf/stream-guard.js';
import { IDENTITY, multiply, toMatrix, type Matrix } from '../pdf/matrix.js';
import { RawPdf } from '../pdf/raw-pdf.js';
import { MIN_PAGE_COVER, scanJpeg } from './scan-jpeg.js';

export interface PageImage {
  /** Raw 8-bit pixels, row-major, `channels` bytes per pixel (1 = grey, 3 = RGB). */
  pixels: Buffer;
  width: number;
  height: number;
  channels: 1 | 3;
  /** Pixels per inch of the page as printed. */
  dpi: number;
  /** Page units (points) per pixel: page width = width × pointsPerPixel. */
  pointsPerPixel: number;
  /** How the pixels were obtained. */
  source: 'embedded' | 'rendered' | 'file';
}

export interface PageImageOptions extends StreamLimits {
  /** Resolution for pages that have to be rendered (default 300). */
  renderDpi?: number;
}

/** An image file without a resolution tag is taken to be scanned at this dpi. */
export const DEFAULT_IMAGE_DPI = 300;
const DEFAULT_RENDER_DPI = 300;
/** pdf.js ImageKind values. */
const IMAGE_KIND_GRAYSCALE_1BPP = 1;
const IMAGE_KIND_RGB_24BPP = 2;
const IMAGE_KIND_RGBA_32BPP = 3;

/** The pixels of page `pageNumber` (from 1) of a PDF. */
export async function pageImage(pdfBytes: Uint8Array, pageNumber: number, opts: PageImageOptions = {}): Promise<PageImage> {
  const raw = new RawPdf(pdfBytes);
  const { doc } = await loadPdf(pdfBytes, opts, raw);
  try {
    if (pageNumber < 1 || pageNumber > doc.numPages) {
      throw new NianbaoError('INTERNAL', `Page ${pageNumber} is out of range (1..${doc.numPages})`);
    }
    const page = await doc.getPage(pageNumber);
    try {
      return await scanOrImageOfPage(raw, page, opts);
    } finally {
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
}

/** The pixels of an open pdf.js page: its embedded scan, else the page rendered. */
export async function imageOfPage(page: PDFPageProxy, opts: PageImageOptions = {}): Promise<PageImage> {
  const embedded = await embeddedPageImage(page);
  if (embedded) return embedded;
  const dpi = opts.renderDpi ?? DEFAULT_RENDER_DPI;
  const { width, height } = page.getViewport({ scale: 1 });
  assertPagePixels(page.pageNumber, width, height, dpi, opts.maxImagePixels);
  return renderPage(page, dpi);
}

/** Every page of a PDF as images, one document open for all of them. */
export async function* pageImages(
  pdfBytes: Uint8Array,
  opts: PageImageOptions = {},
): AsyncGenerator<PageImage & { page: number }> {
  const raw = new RawPdf(pdfBytes);
  const { doc } = await loadPdf(pdfBytes, opts, raw);
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      try {
        yield { ...(await scanOrImageOfPage(raw, page, opts)), page: n };
      } finally {
        page.cleanup();
      }
    }
  } finally {
    await doc.destroy();
  }
}

/** The page's JPEG scan decoded by sharp when the page is a plain one (scan-jpeg.ts), else imageOfPage. */
async function scanOrImageOfPage(raw: RawPdf, page: PDFPageProxy, opts: PageImageOptions): Promise<PageImage> {
  const { width, height } = page.getViewport({ scale: 1 });
  const scan = page.ref
    ? await scanJpeg(
        raw,
        { objectNumber: page.ref.num, width, height, rotate: page.rotate },
        opts.maxImagePixels ?? DEFAULT_MAX_IMAGE_PIXELS,
      )
    : null;
  return scan ?? imageOfPage(page, opts);
}

/** An image file (PNG, JPEG, TIFF, ...) decoded to raw pixels. */
export async function fileImage(bytes: Uint8Array, opts: { maxPixels?: number } = {}): Promise<PageImage> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch (err) {
    throw new NianbaoError('CORRUPT', 'The image could not be decoded', { cause: err });
  }
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_IMAGE_PIXELS;
  if ((meta.width ?? 0) * (meta.height ?? 0) > maxPixels) {
    throw new NianbaoError(
      'TOO_LARGE',
      `The image is ${meta.width} × ${meta.height} px; the limit is ${maxPixels / 1e6} megapixels`,
    );
  }
  const grey = meta.channels !== undefined && meta.channels <= 2 && meta.space !== 'srgb';
  const pipeline = sharp(bytes, { limitInputPixels: maxPixels }).rotate().removeAlpha();
  const { data, info } = await (grey ? pipeline.toColourspace('b-w') : pipeline.toColourspace('srgb'))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const dpi = meta.density && meta.density >= 50 ? meta.density : DEFAULT_IMAGE_DPI;
  return {
    pixels: data,
    width: info.width,
    height: info.height,
    channels: info.channels === 1 ? 1 : 3,
    dpi,
    pointsPerPixel: 72 / dpi,
    source: 'file',
  };
}

interface PaintedImage {
  name: string;
  ctm: Matrix;
}

/** The page's image when the page is exactly one image covering it, else null. */
export async function embeddedPageImage(page: PDFPageProxy): Promise<PageImage | null> {
  // A rotated page would need its image turned too; rendering handles that.
  if (page.rotate % 360 !== 0) return null;
  const viewport = page.getViewport({ scale: 1 });
  const ops = await page.getOperatorList();
  const painted = paintedImages(ops.fnArray, ops.argsArray);
  if (painted.length !== 1 || hasTextOrPaths(ops.fnArray)) return null;
  const { name, ctm } = painted[0]!;
  // The image's unit square mapped to user space: its extent in points.
  const wPt = Math.hypot(ctm[0], ctm[1]);
  const hPt = Math.hypot(ctm[2], ctm[3]);
  if (Math.abs(ctm[1]) > 1e-3 * wPt || Math.abs(ctm[2]) > 1e-3 * hPt) return null; // rotated placement
  if (wPt < MIN_PAGE_COVER * viewport.width || hPt < MIN_PAGE_COVER * viewport.height) return null;

  const obj = await getObject(page, name);
  if (!obj) return null;
  const raw = toRaw(obj);
  if (!raw) return null;
  const pointsPerPixel = viewport.width / raw.width;
  return {
    ...raw,
    dpi: Math.round(72 / pointsPerPixel),
    pointsPerPixel,
    source: 'embedded',
  };
}

/** Renders the page at `dpi` with pdf.js on a @napi-rs/canvas canvas. */
export async function renderPage(page: PDFPageProxy, dpi: number): Promise<PageImage> {
  const { ctx, width, height } = await drawPage(page, dpi / 72);
  const rgba = Buffer.from(ctx.getImageData(0, 0, width, height).data.buffer);
  const rgb = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .removeAlpha()
    .raw()
    .toBuffer();
  return {
    pixels: rgb,
    width,
    height,
    channels: 3,
    dpi,
    pointsPerPixel: page.getViewport({ scale: 1 }).width / width,
    source: 'rendered',
  };
}

/** paintImageXObject calls with the CTM in force, tracked through save/restore/transform. */
function paintedImages(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>): PaintedImage[] {
  const out: PaintedImage[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = IDENTITY;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) {
      const m = toMatrix(args as number[] | null);
      if (m) ctm = multiply(ctm, m);
    } else if (fn === OPS.paintImageXObject && typeof args?.[0] === 'string') {
      out.push({ name: args[0], ctm });
    } else if (fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject) {
      out.push({ name: '', ctm });
    }
  }
  return out.filter((p) => p.name !== '' || out.length > 1);
}

/** A text layer or vector drawing means the page is not just a scan. */
function hasTextOrPaths(fnArray: ArrayLike<number>): boolean {
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    if (fn === OPS.showText || fn === OPS.showSpacedText || fn === OPS.constructPath) return true;
  }
  return false;
}

interface PdfjsImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

function getObject(page: PDFPageProxy, name: string): Promise<PdfjsImage | null> {
  const objs = name.startsWith('g_') ? page.commonObjs : page.objs;
  return new Promise((resolve) => {
    try {
      objs.get(name, (obj: unknown) => resolve((obj as PdfjsImage | null) ?? null));
    } catch {
      resolve(null);
    }
  });
}

function toRaw(obj: PdfjsImage): { pixels: Buffer; width: number; height: number; channels: 1 | 3 } | null {
  const { width, height, kind, data } = obj;
  if (!data || !width || !height) return null;
  const n = width * height;
  if (kind === IMAGE_KIND_RGB_24BPP && data.length >= n * 3) {
    const rgb = Buffer.from(data.buffer, data.byteOffset, n * 3);
    return isGreyRgb(rgb)
      ? { pixels: firstChannel(rgb, 3, n), width, height, channels: 1 }
      : { pixels: rgb, width, height, channels: 3 };
  }
  if (kind === IMAGE_KIND_RGBA_32BPP && data.length >= n * 4) {
    const rgb = Buffer.alloc(n * 3);
    for (let i = 0, j = 0; i < n; i++, j += 4) {
      rgb[i * 3] = data[j]!;
      rgb[i * 3 + 1] = data[j + 1]!;
      rgb[i * 3 + 2] = data[j + 2]!;
    }
    return isGreyRgb(rgb)
      ? { pixels: firstChannel(rgb, 3, n), width, height, channels: 1 }
      : { pixels: rgb, width, height, channels: 3 };
  }
  if (kind === IMAGE_KIND_GRAYSCALE_1BPP) {
    // 1 bit per pixel, rows padded to bytes; 1 = white in pdf.js's unpacked convention.
    const rowBytes = (width + 7) >> 3;
    const grey = Buffer.alloc(n);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bit = (data[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1;
        grey[y * width + x] = bit ? 255 : 0;
      }
    }
    return { pixels: grey, width, height, channels: 1 };
  }
  return null;
}

/** True when a sample of pixels has r = g = b (a grey scan that pdf.js expanded to RGB). */
function isGreyRgb(rgb: Buffer): boolean {
  const n = rgb.length / 3;
  const step = Math.max(1, Math.floor(n / 20000));
  for (let i = 0; i < n; i += step) {
    const r = rgb[i * 3]!;
    if (rgb[i * 3 + 1] !== r || rgb[i * 3 + 2] !== r) return false;
  }
  return true;
}

function firstChannel(buf: Buffer, channels: number, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = buf[i * channels]!;
  return out;
}
