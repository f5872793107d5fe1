/** `nianbao export`: a folder of records to one NDJSON or CSV stream. */
import type { NianbaoRecord } from '../record/schema.js';
import { longCsvRows, scanWideColumns, wideCsvRows, writeCsv } from './csv.js';
import { writeNdjson } from './ndjson.js';
import { readRecordsDir, type ReadRecordsOptions } from './records-dir.js';

export type ExportFormat = 'csv' | 'ndjson';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'ndjson'];

export interface ExportOptions extends ReadRecordsOptions {
  format: ExportFormat;
  /** CSV only: one row per report instead of one per fact. */
  wide?: boolean;
  /** Called as each record is taken (for progress). */
  onRecord?: (record: NianbaoRecord) => void;
}

/**
 * Streams the records of `dir` to `out` and ends it; returns how many records were exported.
 * One record is in memory at a time; a wide CSV reads the folder twice (columns, then rows).
 */
export async function exportRecordsDir(dir: string, out: NodeJS.WritableStream, opts: ExportOptions): Promise<number> {
  let count = 0;
  async function* counted(): AsyncGenerator<NianbaoRecord> {
    for await (const r of readRecordsDir(dir, { onSkip: opts.onSkip })) {
      count++;
      opts.onRecord?.(r);
      yield r;
    }
  }
  switch (opts.format) {
    case 'ndjson':
      if (opts.wide) throw new Error('--wide applies to CSV only');
      await writeNdjson(counted(), out);
      break;
    case 'csv':
      if (opts.wide) {
        const columns = await scanWideColumns(readRecordsDir(dir));
        await writeCsv(wideCsvRows(counted(), columns), out);
      } else {
        await writeCsv(longCsvRows(counted()), out);
      }
      break;
  }
  return count;
}
