import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { NianbaoRecord } from './schema.js';
import { validateRecord } from './validate.js';

/**
 * Removes temporary files that a writer killed between write and rename left behind (older
 * than `olderThanMs`, so that a write in progress elsewhere is not touched).
 */
export async function sweepTempFiles(dir: string, olderThanMs = 10 * 60_000): Promise<number> {
  let removed = 0;
  const entries = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of entries.filter((n) => TEMP_RE.test(n))) {
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > olderThanMs) {
      await fs.rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

const TEMP_RE = /^\.[0-9a-f-]{36}\.tmp$/;

/** File name of a record: `<id>.json`, the id being `sha256:<hex>`. */
export function recordFileName(id: string): string {
  return `${id}.json`;
}

/**
 * Validates and writes a record atomically: to a temporary file in the same folder, then
 * renamed over the final name, so a reader never sees half a record and a repeated write of
 * the same record leaves one file.
 */
export async function writeRecord(dir: string, record: NianbaoRecord): Promise<string> {
  validateRecord(record);
  await fs.mkdir(dir, { recursive: true });
  const final = path.join(dir, recordFileName(record.id));
  const tmp = path.join(dir, `.${randomUUID()}.tmp`);
  try {
    await fs.writeFile(tmp, `${JSON.stringify(record, null, 1)}\n`, { flag: 'wx' });
    await fs.rename(tmp, final);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  return final;
}
