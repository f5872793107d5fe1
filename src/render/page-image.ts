/**
 * One PDF page as a PNG, for people to look at (the dashboard draws the facts' boxes on it).
 *
 * Why pdf.js + @napi-rs/canvas here and not pdf-parse's `getScreenshot` (which is the same
 * two libraries): getScreenshot allocates the canvas before the caller can see the page size,
 * so a page declared 200 inches wide would take gigabytes; and opening through
 * src/pdf/load.ts keeps one set of pdf.js options (CMaps and standard fonts, without which
 * CJK text in a non-embedded font paints as nothing) and one mapping of pdf.js failures to
 * our error codes.
 *
 * Coordinates: pixel = PDF point × scale, top-left origin, which is the space of
 * `fact.source.bbox` for text PDFs. The image is the page size × scale, rounded up.
 */
import { NianbaoError } from '../errors.js';
import { openPdf } from '../pdf/load.js';
import { drawPage } from '../pdf/render.js';

/** 1.5 = 108 dpi: table digits stay legible and an A4 page is 893 × 1263 px. */
export const DEFAULT_RENDER_SCALE = 1.5;
/** Larger scales only cost memory: 4 = 288 dpi. */
const MAX_SCALE = 4;
/** A page whose image would exceed this many pixels is refused (RGBA: 4 bytes each). */
const MAX_PIXELS = 40_000_000;

export interface RenderOptions {
  /** Image pixels per PDF point (default 1.5). */
  scale?: number;
  /** Dots per inch; an alternative to `scale` (scale = dpi / 72). */
  dpi?: number;
}

export interface RenderedPage {
  png: Buffer;
  width: number;
  height: number;
  /** Image pixels per PDF point. */
  scale: number;
}

/** The document has no such page, or it is too large to render; an image route answers 404. */
export class PageRangeError extends RangeError {
  override readonly name = 'PageRangeError';
}

export function renderScale(opts: RenderOptions): number {
  const scale = opts.scale ?? (opts.dpi !== undefined ? opts.dpi / 72 : DEFAULT_RENDER_SCALE);
  if (!Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) {
    throw new RangeError(`render scale must be in (0, ${MAX_SCALE}], got ${scale}`);
  }
  return scale;
}

/** Renders page `page` (from 1) of a PDF. Throws PageRangeError, or EMPTY/ENCRYPTED/CORRUPT. */
export async function renderPdfPage(pdfBytes: Uint8Array, page: number, opts: RenderOptions = {}): Promise<RenderedPage> {
  const scale = renderScale(opts);
  const doc = await openPdf(pdfBytes);
  try {
    if (!Number.isInteger(page) || page < 1 || page > doc.numPages) {
      throw new PageRangeError(`page ${page} is out of range (1..${doc.numPages})`);
    }
    const pdfPage = await doc.getPage(page);
    try {
      const viewport = pdfPage.getViewport({ scale });
      if (Math.ceil(viewport.width) * Math.ceil(viewport.height) > MAX_PIXELS) {
        throw new PageRangeError(`page ${page} is too large to render at scale ${scale}`);
      }
      const { canvas, width, height } = await drawPage(pdfPage, scale);
      return { png: await canvas.encode('png'), width, height, scale };
    } finally {
      pdfPage.cleanup();
    }
  } finally {
    await doc.destroy();
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which always comes first in a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new NianbaoError('INTERNAL', 'not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
