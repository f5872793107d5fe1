/**
 * DocumentLayout → the normalized part of the record: report metadata, facts, the form's
 * checks, warnings, and the raw sections and tables. The caller (record assembly) adds id,
 * status and source and validates the whole record.
 *
 * Steps: detect the form from the tables → map table cells to indicator keys → read the
 * numbers → evaluate the form's identities → metadata from the surrounding text.
 */
import type { DocumentLayout } from '../model.js';
import type { Check, CmsFields, Fact, RecordWarning, ReportFormat } from '../record/schema.js';
import { runChecks } from './checks.js';
import { detectFormat } from './detect-format.js';
import { buildFacts, missingIndicators } from './facts.js';
import { mapTables } from './formats/index.js';
import { extractMetadata } from './metadata.js';

export interface NormalizedDocument {
  report: {
    title: string | null;
    agency: string | null;
    year: number | null;
    publishedOn: string | null;
    format: ReportFormat;
    cms?: CmsFields;
  };
  facts: Fact[];
  checks: Check[];
  warnings: RecordWarning[];
  sections: { heading: string; level: number; text: string }[];
  tables: { page: number; pages?: number[]; rows: string[][]; source: 'text' | 'ocr' | 'html' }[];
}

function cmsFields(layout: DocumentLayout): CmsFields | undefined {
  const c = layout.cms;
  if (!c) return undefined;
  return {
    system: c.system,
    ...(c.indexNo ? { indexNo: c.indexNo } : {}),
    ...(c.publisher ? { publisher: c.publisher } : {}),
    ...(c.publishedOn && /^\d{4}-\d{2}-\d{2}$/.test(c.publishedOn) ? { publishedOn: c.publishedOn } : {}),
    ...(c.disclosure ? { disclosure: c.disclosure } : {}),
    ...(c.breadcrumb?.length ? { breadcrumb: c.breadcrumb } : {}),
  };
}

/** A table worth a warning when no form was recognised: more than a line of text. */
const isDataTable = (rows: number, cols: number) => rows >= 3 && cols >= 2;

/** `format`: the form detected from the layout's tables, when the caller has it already. */
export function normalizeDocument(
  layout: DocumentLayout,
  format: ReportFormat = detectFormat(layout.tables),
): NormalizedDocument {
  const built = buildFacts(mapTables(format, layout.tables), format);
  const { facts } = built;
  // the layout stage's own warnings (unreadable tables, …) travel with the record
  const warnings: RecordWarning[] = [
    ...layout.warnings.map((w) => ({
      code: w.code,
      message: w.message,
      ...(w.page !== undefined && w.page >= 1 ? { page: Math.floor(w.page) } : {}),
      ...(w.key ? { key: w.key } : {}),
    })),
    ...built.warnings,
  ];
  const checks = runChecks(format, facts);
  const meta = extractMetadata(layout);
  const cms = cmsFields(layout);

  if (format === 'none' && layout.tables.some((t) => isDataTable(t.cells.length, t.cells[0]?.length ?? 0))) {
    warnings.push({
      code: 'NO_STATISTICS_TABLE',
      message: 'The document has tables, but none is a known statistics form; no facts were read.',
      page: layout.tables[0]?.pages[0] ?? 1,
    });
  }
  warnings.push(...missingIndicators(facts, format));

  return {
    report: { ...meta, format, ...(cms ? { cms } : {}) },
    facts,
    checks,
    warnings,
    sections: layout.sections.map((s) => ({ heading: s.heading, level: s.level, text: s.text })),
    tables: layout.tables.map((t) => ({
      page: t.pages[0] ?? 1,
      ...(t.pages.length > 1 ? { pages: t.pages } : {}),
      rows: t.cells.map((r) => r.map((c) => c.text)),
      source: t.method,
    })),
  };
}
