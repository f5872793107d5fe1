/** `nianbao convert`: every stage in-process, from a file on disk to its record. */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { NianbaoError, toNianbaoError } from '../errors.js';
import { failedRecord, type SourceInfo } from '../record/build.js';
import type { NianbaoRecord } from '../record/schema.js';
import type { OcrEngine } from '../ocr/engine.js';
import type { PageContent } from '../model.js';
import {
  admitSource,
  extractSource,
  layoutExtraction,
  normalizeLayout,
  ocrSourcePage,
  pageCountOf,
  withOcrPages,
  type Limits,
} from './stages.js';

export interface ConvertOptions {
  limits: Limits;
  /** Defaults to now. */
  receivedAt?: string;
  /** The OCR engine, asked for only when a document has pages to OCR (it is slow to start). */
  ocrEngine?: () => Promise<OcrEngine>;
}

/** Converts one file. Never throws for a bad document: a failed record says what went wrong. */
export async function convertFile(file: string, opts: ConvertOptions): Promise<NianbaoRecord> {
  const receivedAt = opts.receivedAt ?? new Date().toISOString();
  const stat = await fs.stat(file);
  const name = path.basename(file);
  // Refuse an oversized file before reading it into memory.
  const data = stat.size > opts.limits.maxFileBytes ? new Uint8Array(0) : await fs.readFile(file);
  const sha256 = await hashFile(file, data);
  const source: SourceInfo = { sha256, name, mediaType: 'application/octet-stream', bytes: stat.size, receivedAt };
  try {
    const mediaType = admitSource(data, name, stat.size, opts.limits);
    source.mediaType = mediaType;
    let extraction = await extractSource(data, mediaType, opts.limits);
    source.pages = pageCountOf(extraction);
    if (extraction.ocrPages.length > 0) {
      if (!opts.ocrEngine) throw new NianbaoError('NO_TEXT', 'The document has pages without a text layer and OCR is off');
      const engine = await opts.ocrEngine();
      const read = new Map<number, PageContent>();
      // As many pages at a time as the engine has workers: one page alone leaves workers idle
      // (its full-page text pass is one long call), and a page's image work overlaps the
      // recognition of another.
      const pending = [...extraction.ocrPages];
      const lane = async (): Promise<void> => {
        for (let page = pending.shift(); page !== undefined; page = pending.shift()) {
          try {
            read.set(page, await ocrSourcePage(data, mediaType, page, engine, opts.limits));
          } catch {
            // One unreadable page makes the record partial (withOcrPages names it), not failed.
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, engine.size) }, lane));
      extraction = withOcrPages(extraction, read);
    }
    return normalizeLayout(source, layoutExtraction(extraction), extraction.warnings);
  } catch (err) {
    return failedRecord(source, toNianbaoError(err));
  }
}

async function hashFile(file: string, data: Uint8Array): Promise<string> {
  if (data.length > 0) return createHash('sha256').update(data).digest('hex');
  const hash = createHash('sha256');
  const handle = await fs.open(file);
  try {
    for await (const chunk of handle.createReadStream()) hash.update(chunk as Buffer);
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}
