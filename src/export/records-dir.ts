/** Reading a folder of records (OUTPUT_DIR or `nianbao convert --out`) for export. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { NianbaoRecord } from '../record/schema.js';

export interface ReadRecordsOptions {
  /** Called for a candidate file that is not a record (bad JSON, another schema, vanished). */
  onSkip?: (file: string, reason: string) => void;
}

/**
 * The files that may hold records, sorted by name so that exports are stable. Temporary files
 * of writeRecord (`.<uuid>.tmp`) and other dot files are left out.
 */
export async function listRecordFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort()
    .map((name) => path.join(dir, name));
}

/** The records of a folder, one at a time (only one is in memory), in file-name order. */
export async function* readRecordsDir(dir: string, opts: ReadRecordsOptions = {}): AsyncGenerator<NianbaoRecord> {
  for (const file of await listRecordFiles(dir)) {
    const record = await readRecordFile(file, opts.onSkip);
    if (record) yield record;
  }
}

async function readRecordFile(file: string, onSkip: ReadRecordsOptions['onSkip']): Promise<NianbaoRecord | undefined> {
  let data: unknown;
  try {
    data = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    // Removed between listing and reading (a re-run replacing it), or not JSON at all.
    onSkip?.(file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'not JSON');
    return undefined;
  }
  if (!looksLikeRecord(data)) {
    onSkip?.(file, 'not a nianbao.record/v1');
    return undefined;
  }
  return data;
}

/**
 * A cheap shape check, not full validation: records were validated when written, and this
 * only keeps other JSON files in the folder out of the export.
 */
function looksLikeRecord(data: unknown): data is NianbaoRecord {
  if (typeof data !== 'object' || data === null) return false;
  const r = data as Partial<Record<keyof NianbaoRecord, unknown>>;
  return (
    r.schema === 'nianbao.record/v1' &&
    typeof r.id === 'string' &&
    Array.isArray(r.facts) &&
    typeof r.report === 'object' &&
    r.report !== null &&
    typeof r.source === 'object' &&
    r.source !== null
  );
}
