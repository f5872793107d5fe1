/**
 * The stages of a conversion as plain functions. `nianbao convert` chains them in-process;
 * the BullMQ workers run one each and hand results over through the artifact store. Both
 * paths call exactly these functions.
 */
import { NianbaoError } from '../errors.js';
import { layoutFromHtml } from '../html/layout.js';
import { SNIFF_BYTES, sniffMediaType, type MediaType } from '../ingest/sniff.js';
import { buildLayout } from '../layout/build.js';
import type { DocumentLayout, HtmlDocument, PageContent } from '../model.js';
import { detectFormat } from '../normalize/detect-format.js';
import { normalizeDocument } from '../normalize/index.js';
import { assertReport } from '../normalize/report-check.js';
import type { OcrEngine } from '../ocr/engine.js';
import { extractPdf, textLayerQuality } from '../pdf/extract.js';
import type { StreamLimits } from '../pdf/stream-guard.js';
import { completedRecord, type SourceInfo } from '../record/build.js';
import type { NianbaoRecord, RecordWarning } from '../record/schema.js';

/** What one document may cost: checked before and while it is read (see src/config.ts). */
export interface Limits {
  maxFileBytes: number;
  maxPages: number;
  /** Largest page image decoded or rendered, in pixels. */
  maxPagePixels: number;
  /** Largest inflated size of one PDF stream, and of all of them, in bytes. */
  maxStreamBytes: number;
  maxTotalStreamBytes: number;
}

/** Media types the pipeline reads. */
export const READABLE_TYPES: ReadonlySet<MediaType> = new Set([
  'application/pdf',
  'text/html',
  'image/png',
  'image/jpeg',
  'image/tiff',
]);

/**
 * A page whose text layer scores below this (src/pdf/extract.ts textLayerQuality, 0..1) is
 * read by OCR instead: no text, private-use or garbage code points, or too little CJK.
 */
export const OCR_TEXT_QUALITY_MIN = 0.5;

/**
 * What the extract stage hands to the tables stage. `ocrPages` lists the pages that the OCR
 * stage reads; their entries in `pages` are placeholders until then.
 */
export type Extraction =
  | { kind: 'pdf' | 'image'; pageCount: number; pages: PageContent[]; ocrPages: number[]; warnings: RecordWarning[] }
  | { kind: 'html'; html: HtmlDocument; ocrPages: []; warnings: RecordWarning[] };

/** Ingest: decides whether a file can be read at all, before any parsing. */
export function admitSource(head: Uint8Array, name: string, bytes: number, limits: Limits): MediaType {
  if (bytes === 0) throw new NianbaoError('EMPTY');
  if (bytes > limits.maxFileBytes) {
    throw new NianbaoError('TOO_LARGE', `The file has ${bytes} bytes; the limit is ${limits.maxFileBytes}`);
  }
  const mediaType = sniffMediaType(head.subarray(0, SNIFF_BYTES), name);
  if (!READABLE_TYPES.has(mediaType)) {
    throw new NianbaoError('UNSUPPORTED_TYPE', `The file is ${mediaType}, not a PDF, an image or a web page`);
  }
  return mediaType;
}

/** Extract: positioned text of every page (PDF), the parsed page (HTML), and what needs OCR. */
export async function extractSource(data: Uint8Array, mediaType: MediaType, limits: Limits, url?: string): Promise<Extraction> {
  if (mediaType === 'text/html') {
    // The HTML parser (cheerio) and the OCR side (sharp) are loaded when first needed: a
    // batch of text PDFs starts without them.
    const { extractHtml } = await import('../html/extract.js');
    return { kind: 'html', html: extractHtml(data, url === undefined ? {} : { url }), ocrPages: [], warnings: [] };
  }
  if (mediaType !== 'application/pdf') {
    // An image is one page, all of it for OCR; its size is known once it is decoded.
    const placeholder: PageContent = { page: 1, width: 0, height: 0, method: 'ocr', items: [], rules: [] };
    return { kind: 'image', pageCount: 1, pages: [placeholder], ocrPages: [1], warnings: [] };
  }
  const pdf = await extractPdf(data, { maxPages: limits.maxPages, ...streamLimits(limits) });
  const ocrPages = pdf.pages.filter((p) => textLayerQuality(p) < OCR_TEXT_QUALITY_MIN).map((p) => p.page);
  // A page pdf.js could not load is named; the rest of the document is still read.
  const warnings = pdf.failedPages.map((f) => ({ code: 'PAGE_FAILED', page: f.page, message: f.message }));
  return { kind: 'pdf', pageCount: pdf.pageCount, pages: pdf.pages, ocrPages, warnings };
}

type PageLimits = Pick<Limits, 'maxPagePixels' | 'maxStreamBytes' | 'maxTotalStreamBytes'>;

function streamLimits(limits: PageLimits): StreamLimits {
  return {
    maxImagePixels: limits.maxPagePixels,
    maxStreamBytes: limits.maxStreamBytes,
    maxTotalStreamBytes: limits.maxTotalStreamBytes,
  };
}

/** The OCR side (page images, preprocessing, OCR and pdf.js), loaded when first needed. */
const ocrModules = () => Promise.all([import('../ocr/page-image.js'), import('../ocr/ocr-page.js')]);

/**
 * Loads the OCR side, which `ocrSourcePage` otherwise loads on its first page: a process that
 * reads scans can load it at start.
 */
export async function loadOcrModules(): Promise<void> {
  await ocrModules();
}

/** OCR: one page of a scanned PDF or an image, as positioned words and ruling lines. */
export async function ocrSourcePage(
  data: Uint8Array,
  mediaType: MediaType,
  page: number,
  engine: OcrEngine,
  limits: PageLimits,
): Promise<PageContent> {
  const [{ fileImage, pageImage }, { ocrPage }] = await ocrModules();
  const image =
    mediaType === 'application/pdf'
      ? await pageImage(data, page, streamLimits(limits))
      : await fileImage(data, { maxPixels: limits.maxPagePixels });
  return ocrPage(image, engine, { page });
}

/**
 * The extraction with the OCR results in place of their pages. A page whose OCR failed keeps
 * its placeholder and is named in a warning, which makes the record partial.
 */
export function withOcrPages(extraction: Extraction, read: ReadonlyMap<number, PageContent>): Extraction {
  if (extraction.kind === 'html') return extraction;
  const failed = extraction.ocrPages.filter((p) => !read.has(p));
  return {
    ...extraction,
    pages: extraction.pages.map((p) => read.get(p.page) ?? p),
    warnings: [
      ...extraction.warnings,
      ...failed.map((page) => ({
        code: 'OCR_PAGE_FAILED',
        page,
        message: `page ${page} could not be read by OCR; its values are missing`,
      })),
    ],
  };
}

/** Tables: lines, sections and table grids from the extraction. */
export function layoutExtraction(extraction: Extraction): DocumentLayout {
  return extraction.kind === 'html' ? layoutFromHtml(extraction.html) : buildLayout(extraction.pages);
}

/** Normalize: the record for a document, from its layout. */
export function normalizeLayout(source: SourceInfo, layout: DocumentLayout, warnings: RecordWarning[] = []): NianbaoRecord {
  const format = detectFormat(layout.tables);
  assertReport(layout, format);
  return completedRecord({ ...source, pages: source.pages ?? layout.pages }, normalizeDocument(layout, format), warnings);
}

export function pageCountOf(extraction: Extraction): number {
  return extraction.kind === 'pdf' ? extraction.pageCount : 1;
}
