/**
 * Opening a PDF with pdf.js in Node, and turning its failures into our error taxonomy.
 *
 * pdf.js silently returns empty text for a non-embedded CJK font when it cannot find the
 * CMaps and standard font data, so both are always passed, resolved from the installed
 * package (never relative to the working directory).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from './pdfjs.js';
import type { PDFDocumentProxy } from './pdfjs.js';
import { NianbaoError } from '../errors.js';
import { directWorker } from './port.js';
import { repairTruncatedPdf } from './repair.js';
import { DEFAULT_MAX_IMAGE_PIXELS } from './pixel-limit.js';
import { checkStreams, type StreamLimits, type StreamReport } from './stream-guard.js';
import type { RawPdf } from './raw-pdf.js';

const require = createRequire(import.meta.url);
const PDFJS_ROOT = path.dirname(require.resolve('pdfjs-dist/package.json'));
/** pdf.js's Node readers concatenate these with file names, so they end with a separator. */
const CMAP_DIR = path.join(PDFJS_ROOT, 'cmaps') + path.sep;
const STANDARD_FONT_DIR = path.join(PDFJS_ROOT, 'standard_fonts') + path.sep;

export type { PDFDocumentProxy };

export interface OpenPdfOptions extends StreamLimits {
  /**
   * Images with more pixels than this are not decoded (pdf.js drops them from the operator
   * list); default 100 megapixels. 0 drops every image: the text path needs none.
   */
  decodeImagePixels?: number;
}

/**
 * Opens `data` as a PDF. The bytes are copied because pdf.js transfers (detaches) the buffer
 * it is given. The caller must `destroy()` the returned document.
 *
 * Throws NianbaoError EMPTY (no bytes), ENCRYPTED (a user password is needed; an owner
 * password alone does not stop reading), TOO_LARGE (a stream inflates beyond the limits),
 * CORRUPT (anything pdf.js cannot parse).
 */
export async function openPdf(data: Uint8Array, opts: OpenPdfOptions = {}): Promise<PDFDocumentProxy> {
  return (await loadPdf(data, opts)).doc;
}

/**
 * openPdf, what the stream check found (oversized images), and the bytes pdf.js read: `data`,
 * or its repaired copy when it was cut off. `raw`, the file's objects read already, spares
 * the stream check reading them again.
 */
export async function loadPdf(
  data: Uint8Array,
  opts: OpenPdfOptions = {},
  raw?: RawPdf,
): Promise<{ doc: PDFDocumentProxy; streams: StreamReport; bytes: Uint8Array }> {
  if (data.byteLength === 0) throw new NianbaoError('EMPTY');
  const streams = await checkStreams(data, opts, raw?.data === data ? raw.objects.values() : undefined);
  const pixels = opts.decodeImagePixels ?? opts.maxImagePixels ?? DEFAULT_MAX_IMAGE_PIXELS;
  try {
    return { doc: await getPdf(data, pixels), streams, bytes: data };
  } catch (err) {
    const repair = isStructureError(err) ? repairTruncatedPdf(data) : undefined;
    if (repair?.kind !== 'repaired') throw pdfOpenError(err);
    const doc = await getPdf(repair.data, pixels).catch((e: unknown) => Promise.reject(pdfOpenError(e)));
    return { doc, streams, bytes: repair.data };
  }
}

async function getPdf(data: Uint8Array, maxImagePixels: number): Promise<PDFDocumentProxy> {
  const task = getDocument({
    worker: directWorker(),
    data: new Uint8Array(data),
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONT_DIR,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
    maxImageSize: maxImagePixels,
  });
  try {
    return await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw err;
  }
}

/** pdf.js found no usable trailer or cross-reference (a file cut off at the end gives this). */
function isStructureError(err: unknown): boolean {
  return err instanceof Error && err.name === 'InvalidPDFException' && /structure/i.test(err.message);
}

/** Maps a pdf.js loading failure to EMPTY / ENCRYPTED / CORRUPT. */
export function pdfOpenError(err: unknown): NianbaoError {
  if (err instanceof NianbaoError) return err;
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') {
    return new NianbaoError('ENCRYPTED', undefined, { cause: err });
  }
  if (name === 'InvalidPDFException' && /empty/i.test(message)) {
    return new NianbaoError('EMPTY', undefined, { cause: err });
  }
  return new NianbaoError('CORRUPT', `The PDF could not be read (${message})`, { cause: err });
}
