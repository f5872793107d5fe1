/**
 * Facts as CSV for spreadsheets: long (one row per fact) and wide (one row per report, one
 * column per indicator). UTF-8 with a byte-order mark, without which Excel reads the Chinese
 * labels as mojibake.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { INDICATORS } from '../normalize/indicators.js';
import { FORMATS, type Fact, type NianbaoRecord, type ReportFormat } from '../record/schema.js';

/** A CSV cell; null and undefined are written as an empty cell. */
export type CsvCell = string | number | null | undefined;

const RECORD_COLUMNS = ['record_id', 'source_name', 'agency', 'year', 'format', 'status'] as const;

export const LONG_CSV_COLUMNS = [
  ...RECORD_COLUMNS,
  'key',
  'period',
  'value',
  'unit',
  'raw',
  'label',
  'page',
  'method',
  'confidence',
] as const;

function recordCells(r: NianbaoRecord): CsvCell[] {
  return [r.id, r.source.name, r.report.agency, r.report.year, r.report.format, r.status];
}

/** Header, then one row per fact; a record without facts (failed, format none) gives no row. */
export async function* longCsvRows(records: AsyncIterable<NianbaoRecord>): AsyncGenerator<CsvCell[]> {
  yield [...LONG_CSV_COLUMNS];
  for await (const r of records) {
    const head = recordCells(r);
    for (const f of r.facts) {
      const s = f.source;
      yield [...head, f.key, f.period, f.value, f.unit, f.raw, f.label, s.page, s.method, s.confidence];
    }
  }
}

/** The wide column of a fact: its key for the reported year, `key@cumulative` for 历年累计. */
export function wideColumnOf(fact: Pick<Fact, 'key' | 'period'>): string {
  return fact.period === 'year' ? fact.key : `${fact.key}@cumulative`;
}

/**
 * The fact columns of a wide CSV over records of the given formats: the indicators of each
 * format in definition order (formats in schema order, a key shared by two formats once),
 * fujian's cumulative column beside its year column, then any `extra` columns not defined
 * there (facts of an older indicator list), sorted.
 */
export function wideFactColumns(formats: Iterable<ReportFormat>, extra: Iterable<string> = []): string[] {
  const present = new Set(formats);
  const columns = new Set<string>();
  for (const format of FORMATS.filter((f) => present.has(f))) {
    for (const ind of INDICATORS.filter((i) => i.format === format)) {
      columns.add(ind.key);
      // Only the fujian form has a 历年累计 column.
      if (format === 'fujian') columns.add(`${ind.key}@cumulative`);
    }
  }
  const unknown = [...new Set(extra)].filter((c) => !columns.has(c)).sort();
  return [...columns, ...unknown];
}

/** What the first pass of a wide export learns: the formats and fact columns present. */
export async function scanWideColumns(records: AsyncIterable<NianbaoRecord>): Promise<string[]> {
  const formats = new Set<ReportFormat>();
  const seen = new Set<string>();
  for await (const r of records) {
    formats.add(r.report.format);
    for (const f of r.facts) seen.add(wideColumnOf(f));
  }
  return wideFactColumns(formats, seen);
}

/** Header, then one row per report; an absent fact and a printed blank are both empty cells. */
export async function* wideCsvRows(records: AsyncIterable<NianbaoRecord>, factColumns: string[]): AsyncGenerator<CsvCell[]> {
  yield [...RECORD_COLUMNS, ...factColumns];
  for await (const r of records) {
    const values = new Map(r.facts.map((f) => [wideColumnOf(f), f.value]));
    yield [...recordCells(r), ...factColumns.map((c) => values.get(c))];
  }
}

/** Writes rows as CSV (RFC 4180 quoting, BOM first) and ends `out`. */
export async function writeCsv(rows: AsyncIterable<CsvCell[]>, out: NodeJS.WritableStream): Promise<void> {
  // The header is the first row, and rows are arrays: csv-stringify would read a dotted
  // column name such as "requests.new.total" as a path into nested objects.
  await pipeline(Readable.from(rows), stringify({ bom: true }), out);
}
