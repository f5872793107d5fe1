/**
 * Queue names and job payloads. Payloads carry ids and artifact keys, never document bytes.
 * Job ids are the document's sha256 (plus the page for per-page jobs), so a document queued
 * twice is one job.
 */
import type { MediaType } from '../src/ingest/sniff.js';

export const STAGES = ['ingest', 'extract', 'ocr', 'tables', 'normalize'] as const;
export type Stage = (typeof STAGES)[number];

/** What every job knows about its document. */
export interface DocJob {
  /** Hex sha256 of the source: the document id. */
  docId: string;
  sourceKey: string;
  name: string;
  bytes: number;
  receivedAt: string;
}

export interface IngestJob extends DocJob {}
export interface ExtractJob extends DocJob {
  mediaType: MediaType;
}
/** One page to OCR: a child of its document's tables job in a BullMQ flow. */
export interface OcrJob extends ExtractJob {
  page: number;
  pages: number;
}
export interface TablesJob extends ExtractJob {
  pages: number;
  extractionKey: string;
}
export interface NormalizeJob extends ExtractJob {
  pages: number;
  layoutKey: string;
}

export interface JobOf {
  ingest: IngestJob;
  extract: ExtractJob;
  ocr: OcrJob;
  tables: TablesJob;
  normalize: NormalizeJob;
}

/** Deterministic job id of a document's job (BullMQ refuses ':' in custom ids). */
export function jobIdFor(docId: string, page?: number): string {
  return page === undefined ? docId : `${docId}-p${String(page).padStart(4, '0')}`;
}
