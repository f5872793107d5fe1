import type { NianbaoRecord } from '../record/schema.js';

/**
 * Somewhere a finished record goes besides OUTPUT_DIR: a database, an event stream. Writes
 * must be idempotent: a document converted twice (a retried job) writes the same record
 * twice, and consumers must see it once.
 */
export interface RecordSink {
  readonly name: string;
  write(record: NianbaoRecord): Promise<void>;
  close(): Promise<void>;
}
