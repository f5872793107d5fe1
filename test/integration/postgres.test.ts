/**
 * The PostgreSQL sink against a real server (127.0.0.1:5432, trust auth; TEST_PG_URL to
 * override). Every run creates its own database and drops it afterwards.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { readRecordsDir } from '../../src/export/records-dir.js';
import { convertFile } from '../../src/pipeline/convert.js';
import type { NianbaoRecord } from '../../src/record/schema.js';
import { writeRecord } from '../../src/record/write.js';
import { MIGRATIONS, migrate } from '../../src/sinks/postgres/migrations.js';
import { createPostgresSink, type PostgresSink } from '../../src/sinks/postgres/postgres-sink.js';
import { corpusFiles, hasCorpus, repoRoot, tempDir, waitFor } from '../support/env.js';

const candidates = [
  process.env.TEST_PG_URL,
  'postgres://postgres@127.0.0.1:5432/postgres',
  'postgres://root@127.0.0.1:5432/postgres',
].filter((u): u is string => Boolean(u));

async function firstAnswering(urls: string[]): Promise<string | undefined> {
  for (const url of urls) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return url;
    } catch {
      // try the next one
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return undefined;
}

const adminUrl = await firstAnswering(candidates);
if (!adminUrl) console.warn(`skipping the PostgreSQL tests: no server answers at ${candidates.join(' or ')}`);

/** A connection string for another database on the same server. */
function urlOf(database: string): string {
  const u = new URL(adminUrl ?? '');
  u.pathname = `/${database}`;
  return u.toString();
}

const samplesDir = path.join(repoRoot, 'samples', 'expected');
const samples = fs
  .readdirSync(samplesDir)
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(samplesDir, f), 'utf8')) as NianbaoRecord);
const sample = (format: string) => {
  const r = samples.find((s) => s.report.format === format && s.facts.length > 0);
  if (!r) throw new Error(`no sample of format ${format}`);
  return r;
};

describe.skipIf(!adminUrl)('PostgreSQL sink', () => {
  // Generated here from hex only: safe to put into CREATE/DROP DATABASE, which take no parameters.
  const base = `nbtest_${randomBytes(5).toString('hex')}`;
  const databases = [base, `${base}_race`];
  const pools: pg.Pool[] = [];
  const sinks: PostgresSink[] = [];
  const dirs: string[] = [];
  let db: pg.Pool;
  let sink: PostgresSink;

  const pool = (database: string) => {
    const p = new pg.Pool({ connectionString: urlOf(database), max: 4 });
    p.on('error', () => undefined);
    p.on('connect', (client) => client.on('error', () => undefined));
    pools.push(p);
    return p;
  };
  const newSink = async () => {
    const s = await createPostgresSink(urlOf(base));
    sinks.push(s);
    return s;
  };

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    for (const d of databases) await admin.query(`CREATE DATABASE ${d}`);
    await admin.end();
    db = pool(base);
    sink = await newSink();
  });

  afterAll(async () => {
    await Promise.all(sinks.map((s) => s.close()));
    await Promise.all(pools.map((p) => p.end()));
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    // Pool.end() resolves before its connections have closed: let them go before dropping.
    await waitFor(
      'the test connections to close',
      async () => {
        const { rows } = await admin.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ANY($1)',
          [databases],
        );
        return rows[0]!.n === 0;
      },
      10_000,
    ).catch(() => undefined);
    for (const d of databases) await admin.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
    await admin.end();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function factsOf(id: string) {
    const { rows } = await db.query<{
      key: string;
      period: string;
      value: string | null;
      unit: string;
      raw: string;
      label: string;
      page: number;
      bbox: number[] | null;
      method: string;
      confidence: number;
    }>('SELECT key, period, value::text, unit, raw, label, page, bbox, method, confidence FROM facts WHERE record_id = $1', [id]);
    return new Map(rows.map((r) => [`${r.key}@${r.period}`, r]));
  }

  async function recordRow(id: string) {
    const { rows } = await db.query(
      `SELECT status, agency, year, format, published_on::text AS published_on, source_name, error_code, record,
              received_at, updated_at FROM records WHERE id = $1`,
      [id],
    );
    return rows[0] as Record<string, unknown> | undefined;
  }

  /** The database holds exactly what the JSON record says, value by value. */
  async function expectStored(r: NianbaoRecord): Promise<void> {
    const row = await recordRow(r.id);
    expect(row, r.source.name).toMatchObject({
      status: r.status,
      agency: r.report.agency,
      year: r.report.year,
      format: r.report.format,
      published_on: r.report.publishedOn,
      source_name: r.source.name,
      error_code: r.error?.code ?? null,
    });
    expect(row?.record).toEqual(r);
    const facts = await factsOf(r.id);
    expect(facts.size, r.source.name).toBe(r.facts.length);
    for (const f of r.facts) {
      const got = facts.get(`${f.key}@${f.period}`);
      expect(got, `${r.source.name} ${f.key}`).toMatchObject({
        unit: f.unit,
        raw: f.raw,
        label: f.label,
        page: f.source.page,
        bbox: f.source.bbox,
        method: f.source.method,
      });
      expect(got?.value === null ? null : Number(got?.value), `${r.source.name} ${f.key}`).toBe(f.value);
      expect(got?.confidence).toBeCloseTo(f.source.confidence, 6);
    }
  }

  describe('migrations', () => {
    it('are applied once, recorded, and a second run does nothing', async () => {
      // The sink created in beforeAll has migrated this database already.
      expect(await migrate(db)).toEqual([]);
      const { rows } = await db.query('SELECT version, name FROM nianbao_migrations ORDER BY version');
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      const { rows: indexes } = await db.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE tablename IN ('records', 'facts')",
      );
      expect(indexes.map((i) => i.indexname)).toEqual(
        expect.arrayContaining(['records_pkey', 'facts_pkey', 'facts_key_period_idx', 'records_agency_year_idx']),
      );
    });

    it('are applied exactly once when several processes start at the same moment', async () => {
      const racers = [1, 2, 3, 4].map(() => pool(`${base}_race`));
      const applied = await Promise.all(racers.map((p) => migrate(p)));
      expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version));
      const { rows } = await racers[0]!.query('SELECT count(*)::int AS n FROM nianbao_migrations');
      expect(rows[0]).toEqual({ n: MIGRATIONS.length });
    });

    it('roll back entirely when one fails', async () => {
      const broken = [
        ...MIGRATIONS,
        { version: 999, name: 'broken', sql: 'CREATE TABLE half_done (x int); SELECT no_such_column' },
      ];
      await expect(migrate(db, broken)).rejects.toThrow(/no_such_column/);
      const { rows } = await db.query("SELECT to_regclass('half_done') AS t, (SELECT max(version) FROM nianbao_migrations) AS v");
      expect(rows[0]).toEqual({ t: null, v: MIGRATIONS.at(-1)?.version });
    });
  });

  describe('writes', () => {
    it('writing the same record twice leaves one row and the same facts', async () => {
      const r = sample('gov2021');
      await sink.write(r);
      const first = await recordRow(r.id);
      await sink.write(r);
      const { rows } = await db.query(
        'SELECT (SELECT count(*) FROM records WHERE id = $1)::int AS records, (SELECT count(*) FROM facts WHERE record_id = $1)::int AS facts',
        [r.id],
      );
      expect(rows[0]).toEqual({ records: 1, facts: r.facts.length });
      expect((await recordRow(r.id))?.updated_at).not.toEqual(first?.updated_at);
      await expectStored(r);
    });

    it('an updated record replaces the values and removes facts it no longer has', async () => {
      const r = sample('gov2019');
      await sink.write(r);
      const [changed, dropped, ...kept] = r.facts;
      if (!changed || !dropped) throw new Error('sample needs facts');
      const updated: NianbaoRecord = {
        ...r,
        status: 'partial',
        report: { ...r.report, agency: '更名后的人民政府' },
        facts: [{ ...changed, value: 4242, raw: '4242', source: { ...changed.source, method: 'ocr', confidence: 0.5 } }, ...kept],
      };
      await sink.write(updated);
      await expectStored(updated);
      const facts = await factsOf(r.id);
      expect(facts.has(`${dropped.key}@${dropped.period}`)).toBe(false);
      expect(facts.get(`${changed.key}@${changed.period}`)?.value).toBe('4242');
    });

    it('stores a failed record with its error and no facts', async () => {
      const failed = samples.find((s) => s.status === 'failed');
      if (!failed?.error) throw new Error('need a failed sample record');
      await sink.write(failed);
      await expectStored(failed);
      expect((await recordRow(failed.id))?.error_code).toBe(failed.error.code);
    });

    it('two workers writing the same record at once leave one consistent copy', async () => {
      const r = sample('fujian');
      const other = await newSink();
      await Promise.all([sink.write(r), other.write(r), sink.write(r), other.write(r)]);
      await expectStored(r);
    });

    it('keeps a printed blank as NULL, and strips U+0000 that PostgreSQL text cannot hold', async () => {
      const base = sample('gov2014');
      const [f] = base.facts;
      if (!f) throw new Error('sample needs facts');
      const r: NianbaoRecord = {
        ...base,
        id: `sha256:${'e'.repeat(64)}`,
        source: { ...base.source, name: 'nul\u0000.pdf', receivedAt: 'yesterday' },
        report: { ...base.report, publishedOn: '2019-02-30' },
        facts: [{ ...f, value: null, raw: '' }],
      };
      await sink.write(r);
      const row = await recordRow(r.id);
      expect(row).toMatchObject({ source_name: 'nul.pdf', received_at: null, published_on: null });
      expect((await factsOf(r.id)).get(`${f.key}@${f.period}`)?.value).toBeNull();
    });
  });

  describe('round trip', () => {
    it('stores every sample record value for value', async () => {
      for (const r of samples) await sink.write(r);
      for (const r of samples) await expectStored(r);
    });

    it('answers the README query: one indicator across reports', async () => {
      const { rows } = await db.query<{ agency: string; value: string }>(
        `SELECT r.agency, f.value::text FROM facts f JOIN records r ON r.id = f.record_id
          WHERE f.key = $1 AND f.period = 'year' AND r.year = $2 ORDER BY r.agency`,
        ['requests.new.total', 2022],
      );
      const r = sample('gov2021');
      const expected = r.facts.find((f) => f.key === 'requests.new.total' && f.period === 'year');
      expect(rows).toContainEqual({ agency: r.report.agency, value: String(expected?.value) });
    });

    it.skipIf(!hasCorpus)(
      'stores every record converted from the corpus (text PDFs and web pages)',
      async () => {
        const files = corpusFiles(['text.pdf', 'html']);
        expect(files.length).toBeGreaterThan(0);
        const out = tempDir('pg-corpus');
        dirs.push(out);
        const { limits } = loadConfig({});
        for (const file of files) await writeRecord(out, await convertFile(file, { limits }));
        const records: NianbaoRecord[] = [];
        for await (const r of readRecordsDir(out)) {
          await sink.write(r);
          records.push(r);
        }
        expect(records).toHaveLength(new Set(records.map((r) => r.id)).size);
        for (const r of records) await expectStored(r);
        const ids = records.map((r) => r.id);
        const { rows } = await db.query('SELECT count(*)::int AS n FROM facts WHERE record_id = ANY($1)', [ids]);
        expect(rows[0]).toEqual({ n: records.reduce((n, r) => n + r.facts.length, 0) });
      },
      300_000,
    );
  });
});
