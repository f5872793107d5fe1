import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Fact, NianbaoRecord } from '../../../src/record/schema.js';
import { repoRoot } from '../../support/env.js';

export const samplesDir = path.join(repoRoot, 'samples', 'expected');

/** The sample records, read directly (not through the code under test), in file-name order. */
export function sampleRecords(): NianbaoRecord[] {
  return fs
    .readdirSync(samplesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(samplesDir, f), 'utf8')) as NianbaoRecord);
}

export async function* iterate<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** Everything `write` sends to its stream, as bytes. */
export async function capture(write: (out: NodeJS.WritableStream) => Promise<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  await write(out);
  return Buffer.concat(chunks);
}

export const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** CSV bytes to text without the BOM (checked separately). */
export function withoutBom(bytes: Buffer): string {
  return (bytes.subarray(0, 3).equals(BOM) ? bytes.subarray(3) : bytes).toString('utf8');
}

/** A small valid record built by hand, for edge cases the samples do not have. */
export function syntheticRecord(id: string, facts: Fact[], over: Partial<NianbaoRecord['report']> = {}): NianbaoRecord {
  return {
    schema: 'nianbao.record/v1',
    id: `sha256:${id.padEnd(64, '0')}`,
    status: 'complete',
    source: { name: 'report.pdf', mediaType: 'application/pdf', bytes: 100, pages: 1, receivedAt: '2026-01-01T00:00:00.000Z' },
    report: { title: null, agency: '某县人民政府', year: 2022, publishedOn: null, format: 'gov2014', ...over },
    facts,
    tables: [],
    sections: [],
    checks: [],
    warnings: [],
  };
}

export function fact(key: string, value: number | null, over: Partial<Fact> = {}): Fact {
  return {
    key,
    period: 'year',
    value,
    unit: '件',
    raw: value === null ? '' : String(value),
    label: key,
    source: { page: 1, bbox: null, method: 'text', confidence: 0.9 },
    ...over,
  };
}
