/**
 * The PostgreSQL schema as an ordered list of migrations. A migration is never edited once
 * released: a change is a new entry with the next version. `migrate` applies the pending ones.
 */
import type pg from 'pg';
import { withTransaction } from './transaction.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'records and facts',
    sql: `
      CREATE TABLE records (
        id           text PRIMARY KEY,
        status       text NOT NULL CHECK (status IN ('complete', 'partial', 'failed')),
        agency       text,
        year         integer,
        format       text NOT NULL,
        published_on date,
        source_name  text NOT NULL,
        received_at  timestamptz,
        error_code   text,
        record       jsonb NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX records_agency_year_idx ON records (agency, year);
      CREATE INDEX records_year_format_idx ON records (year, format);

      CREATE TABLE facts (
        record_id  text NOT NULL REFERENCES records (id) ON DELETE CASCADE,
        key        text NOT NULL,
        period     text NOT NULL CHECK (period IN ('year', 'cumulative')),
        value      numeric,
        unit       text NOT NULL,
        raw        text NOT NULL,
        label      text NOT NULL,
        page       integer NOT NULL,
        bbox       jsonb,
        method     text NOT NULL,
        confidence real NOT NULL,
        PRIMARY KEY (record_id, key, period)
      );
      -- "this indicator across all reports"; lookups by record use the primary key.
      CREATE INDEX facts_key_period_idx ON facts (key, period);
    `,
  },
];

/**
 * Any constant shared by every nianbao process: the transaction-scoped advisory lock on it
 * serialises migrations, so two workers starting at once do not both create the tables.
 */
const MIGRATION_LOCK = 0x6e69_616e_6261;

/**
 * Applies the pending migrations in one transaction and records them in nianbao_migrations.
 * Idempotent and safe to run concurrently. Returns the versions it applied (empty when the
 * database was up to date).
 */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return withTransaction(pool, async (client) => {
    // Taken before anything else, including the CREATE TABLE IF NOT EXISTS below, which is
    // not itself safe against a concurrent twin.
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS nianbao_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM nianbao_migrations');
    const done = new Set(rows.map((r) => r.version));
    const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
    for (const m of pending) {
      await client.query(m.sql);
      await client.query('INSERT INTO nianbao_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    return pending.map((m) => m.version);
  });
}
