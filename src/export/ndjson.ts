import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { NianbaoRecord } from '../record/schema.js';

/** One record per line, as JSON on one line (a record's strings never hold a raw newline). */
export async function* ndjsonLines(records: AsyncIterable<NianbaoRecord>): AsyncGenerator<string> {
  for await (const r of records) yield `${JSON.stringify(r)}\n`;
}

/** Writes the records as NDJSON and ends `out`. */
export async function writeNdjson(records: AsyncIterable<NianbaoRecord>, out: NodeJS.WritableStream): Promise<void> {
  await pipeline(Readable.from(ndjsonLines(records)), out);
}
