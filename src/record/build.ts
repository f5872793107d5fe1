/** Assembling records: the envelope around what the normalizer found, or around a failure. */
import { userMessage, type NianbaoError } from '../errors.js';
import type { NianbaoRecord, RecordWarning } from './schema.js';

export const RECORD_SCHEMA = 'nianbao.record/v1' as const;

export interface SourceInfo {
  /** Hex sha256 of the source bytes. */
  sha256: string;
  name: string;
  mediaType: string;
  bytes: number;
  pages?: number;
  url?: string;
  receivedAt: string;
}

export type NormalizedPart = Pick<NianbaoRecord, 'report' | 'facts' | 'tables' | 'sections' | 'checks' | 'warnings'>;

/** Warning codes that mean part of the document could not be read. */
const PARTIAL_CODES = new Set(['PAGE_FAILED', 'OCR_PAGE_FAILED']);

export function recordId(sha256: string): string {
  return `sha256:${sha256}`;
}

export function sourceField(source: SourceInfo): NianbaoRecord['source'] {
  return {
    name: source.name,
    mediaType: source.mediaType,
    bytes: source.bytes,
    ...(source.pages !== undefined ? { pages: source.pages } : {}),
    ...(source.url !== undefined ? { url: source.url } : {}),
    receivedAt: source.receivedAt,
  };
}

export function completedRecord(source: SourceInfo, part: NormalizedPart, extraWarnings: RecordWarning[] = []): NianbaoRecord {
  const warnings = [...extraWarnings, ...part.warnings];
  return {
    schema: RECORD_SCHEMA,
    id: recordId(source.sha256),
    status: warnings.some((w) => PARTIAL_CODES.has(w.code)) ? 'partial' : 'complete',
    source: sourceField(source),
    report: part.report,
    facts: part.facts,
    tables: part.tables,
    sections: part.sections,
    checks: part.checks,
    warnings,
  };
}

export function failedRecord(source: SourceInfo, err: NianbaoError): NianbaoRecord {
  return {
    schema: RECORD_SCHEMA,
    id: recordId(source.sha256),
    status: 'failed',
    source: sourceField(source),
    report: { title: null, agency: null, year: null, publishedOn: null, format: 'none' },
    facts: [],
    tables: [],
    sections: [],
    checks: [],
    warnings: [],
    error: { code: err.code, message: userMessage(err) },
  };
}
