/**
 * A completion event per record on a Redis stream, so that other systems can follow the output
 * without polling OUTPUT_DIR. examples/consume-events.mjs shows a consumer.
 *
 * Delivery is at least once: a record written twice (a retried job) gives two events with the
 * same id, and consumers dedupe by id (the record file is the same either way).
 */
import type { Redis } from 'ioredis';
import type { NianbaoRecord } from '../record/schema.js';
import { recordFileName } from '../record/write.js';
import type { RecordSink } from './record-sink.js';

export const RECORD_READY = 'record.ready';

/** The fields of one stream entry (all strings, as Redis stores them). */
export interface RecordReadyEvent {
  type: typeof RECORD_READY;
  id: string;
  status: NianbaoRecord['status'];
  format: NianbaoRecord['report']['format'];
  /** The source file name. */
  name: string;
  /** The record's path relative to OUTPUT_DIR. */
  file: string;
}

export interface RedisStreamSinkOptions {
  /** Approximate length the stream is trimmed to (default 100 000 entries). */
  maxLen?: number;
}

export function eventStreamKey(prefix: string): string {
  return `${prefix}:events`;
}

export function recordReadyEvent(record: NianbaoRecord): RecordReadyEvent {
  return {
    type: RECORD_READY,
    id: record.id,
    status: record.status,
    format: record.report.format,
    name: record.source.name,
    file: recordFileName(record.id),
  };
}

export class RedisStreamSink implements RecordSink {
  readonly name = 'redis-stream';
  readonly key: string;
  private readonly maxLen: number;

  /** The client belongs to the caller, who closes it; close() here does not. */
  constructor(
    private readonly redis: Redis,
    prefix: string,
    opts: RedisStreamSinkOptions = {},
  ) {
    this.key = eventStreamKey(prefix);
    this.maxLen = opts.maxLen ?? 100_000;
  }

  async write(record: NianbaoRecord): Promise<void> {
    const fields = Object.entries(recordReadyEvent(record)).flat();
    // "~" lets Redis trim whole macro-nodes only, which keeps XADD O(1).
    await this.redis.xadd(this.key, 'MAXLEN', '~', this.maxLen, '*', ...fields);
  }

  async close(): Promise<void> {
    // Nothing of our own to release: the connection is shared with the rest of the process.
  }
}
