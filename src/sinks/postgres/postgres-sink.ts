/**
 * Records and their facts in PostgreSQL (tables in migrations.ts), for SQL over many reports:
 * "every agency's requests.new.total for 2022". The record file stays the source of truth;
 * the `record` column keeps the whole record for anything the columns do not cover.
 */
import pg from 'pg';
import type { Fact, NianbaoRecord } from '../../record/schema.js';
import type { RecordSink } from '../record-sink.js';
import { migrate } from './migrations.js';
import { withTransaction } from './transaction.js';

export interface PostgresSinkOptions {
  /** Connections in the pool (default 4: a worker writes one record at a time per job). */
  max?: number;
  /** Shown in pg_stat_activity (default 'nianbao'). */
  applicationName?: string;
  /** Errors of idle pooled connections (a restarted server); without a listener they crash the process. */
  onError?: (err: Error) => void;
}

const UPSERT_RECORD = `
  INSERT INTO records (id, status, agency, year, format, published_on, source_name, received_at, error_code, record)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
  ON CONFLICT (id) DO UPDATE SET
    status = EXCLUDED.status, agency = EXCLUDED.agency, year = EXCLUDED.year, format = EXCLUDED.format,
    published_on = EXCLUDED.published_on, source_name = EXCLUDED.source_name,
    received_at = EXCLUDED.received_at, error_code = EXCLUDED.error_code, record = EXCLUDED.record,
    updated_at = now()`;

// One statement for any number of facts: one array parameter per column, so the statement
// never reaches PostgreSQL's limit of 65535 parameters.
const INSERT_FACTS = `
  INSERT INTO facts (record_id, key, period, value, unit, raw, label, page, bbox, method, confidence)
  SELECT $1::text, * FROM unnest(
    $2::text[], $3::text[], $4::numeric[], $5::text[], $6::text[], $7::text[],
    $8::integer[], $9::jsonb[], $10::text[], $11::real[])`;

export class PostgresSink implements RecordSink {
  readonly name = 'postgres';

  constructor(private readonly pool: pg.Pool) {}

  /** Upserts the record and replaces its facts in one transaction: writing it again changes nothing. */
  async write(record: NianbaoRecord): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query(UPSERT_RECORD, recordParams(record));
      await client.query('DELETE FROM facts WHERE record_id = $1', [record.id]);
      const facts = uniqueFacts(record.facts);
      if (facts.length > 0) await client.query(INSERT_FACTS, [record.id, ...factColumns(facts)]);
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Connects, brings the schema up to date, and returns the sink (which owns the pool). */
export async function createPostgresSink(databaseUrl: string, opts: PostgresSinkOptions = {}): Promise<PostgresSink> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.max ?? 4,
    application_name: opts.applicationName ?? 'nianbao',
  });
  const onError = opts.onError ?? (() => undefined);
  pool.on('error', onError);
  // The pool listens to idle connections only; one that the server ends while the pool is
  // closing it (Pool.end() does not wait for that) must not become an uncaught error.
  pool.on('connect', (client) => client.on('error', onError));
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return new PostgresSink(pool);
}

function recordParams(r: NianbaoRecord): unknown[] {
  return [
    r.id,
    r.status,
    text(r.report.agency),
    r.report.year,
    r.report.format,
    validDate(r.report.publishedOn),
    text(r.source.name),
    validTimestamp(r.source.receivedAt),
    r.error?.code ?? null,
    JSON.stringify(r, (_key, v: unknown) => (typeof v === 'string' ? text(v) : v)),
  ];
}

function factColumns(facts: Fact[]): unknown[][] {
  return [
    facts.map((f) => text(f.key)),
    facts.map((f) => f.period),
    facts.map((f) => f.value),
    facts.map((f) => text(f.unit)),
    facts.map((f) => text(f.raw)),
    facts.map((f) => text(f.label)),
    facts.map((f) => f.source.page),
    // Serialised here: pg would turn a nested array into a two-dimensional SQL array.
    facts.map((f) => (f.source.bbox ? JSON.stringify(f.source.bbox) : null)),
    facts.map((f) => f.source.method),
    facts.map((f) => f.source.confidence),
  ];
}

/** A valid record has one fact per (key, period); should one repeat, the first is kept. */
function uniqueFacts(facts: Fact[]): Fact[] {
  const seen = new Set<string>();
  return facts.filter((f) => {
    const k = `${f.period}\u0001${f.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** PostgreSQL text and jsonb refuse U+0000, which a damaged PDF can put into extracted text. */
function text<T extends string | null>(s: T): T {
  return (s === null ? s : s.replaceAll('\u0000', '')) as T;
}

/** receivedAt is free text in the schema; a value PostgreSQL could misread is stored as null. */
function validTimestamp(s: string): string | null {
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The schema checks the shape YYYY-MM-DD only; 2019-02-30 would fail the whole insert. */
function validDate(s: string | null): string | null {
  if (s === null) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : null;
}
