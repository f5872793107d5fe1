/** Reading a record back from a records folder. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { recordSchema, type NianbaoRecord } from './schema.js';
import { recordFileName } from './write.js';

export type RecordRead = { kind: 'missing' } | { kind: 'invalid'; problem: string } | { kind: 'ok'; record: NianbaoRecord };

/** The record `<outputDir>/sha256:<hex>.json`, checked against the record schema. */
export async function readRecord(outputDir: string, docId: string): Promise<RecordRead> {
  let text: string;
  try {
    text = await fs.readFile(path.join(outputDir, recordFileName(`sha256:${docId}`)), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { kind: 'invalid', problem: (err as Error).message };
  }
  const parsed = recordSchema.safeParse(json);
  return parsed.success ? { kind: 'ok', record: parsed.data } : { kind: 'invalid', problem: parsed.error.message };
}
