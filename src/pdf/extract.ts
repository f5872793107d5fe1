/**
 * A whole PDF → positioned page contents and document info.
 */
import type { PageContent } from '../model.js';
import { NianbaoError } from '../errors.js';
import { loadPdf } from './load.js';
import { extractPageContent, type ContentSource } from './page-content.js';
import { RawPdf } from './raw-pdf.js';
import { withEmptyType3Glyphs } from './type3.js';
import { DEFAULT_MAX_IMAGE_PIXELS } from './pixel-limit.js';
import { DEFAULT_MAX_STREAM_BYTES, type StreamLimits } from './stream-guard.js';

export interface PdfInfo {
  title?: string;
  author?: string;
  creator?: string;
  producer?: string;
  /** As written in the PDF (usually `D:YYYYMMDDHHmmSS+hh'mm'`). */
  creationDate?: string;
}

export interface PdfExtraction {
  /** The pages that could be read, in order (a page in `failedPages` is not here). */
  pages: PageContent[];
  pageCount: number;
  info: PdfInfo;
  /** Pages pdf.js could not read (a damaged page object): the rest of the document is kept. */
  failedPages: { page: number; message: string }[];
}

export interface ExtractPdfOptions extends StreamLimits {
  /** Documents with more pages are refused with TOO_MANY_PAGES before any page is read. */
  maxPages: number;
}

export async function extractPdf(data: Uint8Array, opts: ExtractPdfOptions): Promise<PdfExtraction> {
  // Text needs no image pixels: pdf.js would decode every image in getOperatorList (a
  // 20,000 × 20,000 px page image took 50 s and 2.5 GB), so the text path decodes none.
  // Type3 glyph procedures are emptied (type3.ts): pdf.js would parse them all, for drawing.
  const original = new RawPdf(data);
  const lean = withEmptyType3Glyphs(original) ?? original;
  const { doc, streams, bytes } = await loadPdf(lean.data, { ...opts, decodeImagePixels: 0 }, lean);
  try {
    const raw = bytes === lean.data ? lean : new RawPdf(bytes);
    const source: ContentSource | undefined = raw.complete
      ? { raw, maxStreamBytes: opts.maxStreamBytes ?? DEFAULT_MAX_STREAM_BYTES }
      : undefined;
    // numPages is the page tree's /Count: known before any page is parsed.
    const pageCount = doc.numPages;
    if (pageCount > opts.maxPages) {
      throw new NianbaoError('TOO_MANY_PAGES', `The PDF has ${pageCount} pages; the limit is ${opts.maxPages}`);
    }
    const info = await readInfo(() => doc.getMetadata());
    const pages: PageContent[] = [];
    const failedPages: PdfExtraction['failedPages'] = [];
    for (let n = 1; n <= pageCount; n++) {
      try {
        pages.push(await readPage(doc, n, source));
      } catch (err) {
        failedPages.push({
          page: n,
          message: `page ${n} could not be read (${err instanceof Error ? err.message : String(err)})`,
        });
      }
    }
    if (failedPages.length === pageCount) {
      throw new NianbaoError('CORRUPT', `No page of the PDF could be read (${failedPages[0]?.message ?? 'no pages'})`);
    }
    const huge = streams.oversizedImages[0];
    if (huge && pages.every((p) => p.items.length === 0)) {
      // A scan whose image is over the pixel limit: OCR would have to decode it.
      const limit = (opts.maxImagePixels ?? DEFAULT_MAX_IMAGE_PIXELS) / 1e6;
      throw new NianbaoError(
        'TOO_LARGE',
        `The PDF has no text, and its page image of ${huge.width} × ${huge.height} px is over the limit of ${limit} megapixels`,
      );
    }
    return { pages, pageCount, info, failedPages };
  } finally {
    await doc.destroy();
  }
}

async function readPage(
  doc: Awaited<ReturnType<typeof loadPdf>>['doc'],
  n: number,
  source: ContentSource | undefined,
): Promise<PageContent> {
  const page = await doc.getPage(n);
  try {
    return await extractPageContent(page, n, source);
  } finally {
    page.cleanup();
  }
}

/** Metadata is optional: a broken info dictionary must not fail the document. */
async function readInfo(get: () => Promise<{ info: object }>): Promise<PdfInfo> {
  let raw: Record<string, unknown>;
  try {
    raw = (await get()).info as Record<string, unknown>;
  } catch {
    return {};
  }
  const info: PdfInfo = {};
  const pick = (key: string): string | undefined => {
    const v = raw[key];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const fields: [keyof PdfInfo, string][] = [
    ['title', 'Title'],
    ['author', 'Author'],
    ['creator', 'Creator'],
    ['producer', 'Producer'],
    ['creationDate', 'CreationDate'],
  ];
  for (const [field, key] of fields) {
    const v = pick(key);
    if (v !== undefined) info[field] = v;
  }
  return info;
}

/**
 * How usable a page's text layer is, 0..1: the share of characters that are CJK, ASCII or
 * common CJK punctuation, minus a penalty for private-use code points (glyphs with no Unicode
 * mapping) and replacement characters. A page with no text scores 0. The OCR stage re-reads
 * pages below its threshold.
 */
export function textLayerQuality(page: PageContent): number {
  const chars = [...page.items.map((i) => i.text).join('')].filter((c) => c.trim() !== '');
  if (chars.length === 0) return 0;
  let good = 0;
  let bad = 0;
  for (const c of chars) {
    const cp = c.codePointAt(0) ?? 0;
    if (isPrivateUse(cp) || cp === 0xfffd || cp < 0x20) bad++;
    else if (isReadable(cp)) good++;
  }
  const share = good / chars.length;
  const penalty = (2 * bad) / chars.length;
  // Very little text on a page that is otherwise a scan also deserves OCR.
  const amount = Math.min(1, chars.length / 20);
  return Math.max(0, Math.min(1, (share - penalty) * amount));
}

function isPrivateUse(cp: number): boolean {
  return (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000;
}

function isReadable(cp: number): boolean {
  return (
    (cp >= 0x20 && cp <= 0x7e) || // ASCII
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) || // CJK ideographs
    (cp >= 0x3000 && cp <= 0x303f) ||
    (cp >= 0xff00 && cp <= 0xffef) || // CJK punctuation, full width
    (cp >= 0x2010 && cp <= 0x2027) ||
    cp === 0x00b7 ||
    cp === 0x00d7 // dashes, quotes, ·, ×
  );
}
