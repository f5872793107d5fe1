import { describe, expect, it } from 'vitest';
import { LONG_CSV_COLUMNS, longCsvRows, wideCsvRows, wideFactColumns, writeCsv } from '../../../src/export/csv.js';
import { INDICATORS } from '../../../src/normalize/indicators.js';
import type { NianbaoRecord } from '../../../src/record/schema.js';
import { csvObjects, parseCsv } from './parse-csv.js';
import { BOM, capture, fact, iterate, sampleRecords, syntheticRecord, withoutBom } from './helpers.js';

const longCsv = (records: NianbaoRecord[]) => capture((out) => writeCsv(longCsvRows(iterate(records)), out));
const wideCsv = (records: NianbaoRecord[], columns: string[]) =>
  capture((out) => writeCsv(wideCsvRows(iterate(records), columns), out));
const cell = (v: number | null) => (v === null ? '' : String(v));

describe('CSV encoding', () => {
  it('starts with one UTF-8 byte-order mark and keeps the Chinese intact', async () => {
    const bytes = await longCsv([syntheticRecord('a', [fact('review.total', 1, { label: '四、行政复议数量' })])]);
    expect(bytes.subarray(0, 3).equals(BOM)).toBe(true);
    expect(bytes.subarray(3, 6).equals(BOM)).toBe(false);
    expect(withoutBom(bytes)).toContain('四、行政复议数量');
  });

  it('quotes commas, quotes and newlines so that every cell reads back as written', async () => {
    const label = '（一）维持,具体"行政"行为数\n第二行';
    const raw = '1,234';
    const agency = '某县"人民",政府';
    const record = syntheticRecord('b', [fact('review.upheld', 1234, { label, raw })], { agency });
    const text = withoutBom(await longCsv([record]));
    expect(text).toContain('"（一）维持,具体""行政""行为数\n第二行"');
    const [row] = csvObjects(parseCsv(text));
    expect(row).toMatchObject({ label, raw, agency, value: '1234' });
  });
});

describe('long CSV', () => {
  const records = sampleRecords();
  const factCount = records.reduce((n, r) => n + r.facts.length, 0);

  it('has one row per fact of the sample records, with the documented columns', async () => {
    const rows = parseCsv(withoutBom(await longCsv(records)));
    expect(factCount).toBeGreaterThan(400);
    expect(rows[0]).toEqual([...LONG_CSV_COLUMNS]);
    expect(rows.length - 1).toBe(factCount);
    for (const r of rows) expect(r).toHaveLength(LONG_CSV_COLUMNS.length);
  });

  it('carries every value and its provenance', async () => {
    const rows = csvObjects(parseCsv(withoutBom(await longCsv(records))));
    const byCell = new Map(rows.map((r) => [`${r.record_id} ${r.key} ${r.period}`, r]));
    for (const r of records) {
      for (const f of r.facts) {
        const row = byCell.get(`${r.id} ${f.key} ${f.period}`);
        expect(row, `${r.source.name} ${f.key}`).toBeDefined();
        expect(row).toMatchObject({
          source_name: r.source.name,
          agency: r.report.agency ?? '',
          year: String(r.report.year),
          format: r.report.format,
          status: r.status,
          value: cell(f.value),
          raw: f.raw,
          label: f.label,
          page: String(f.source.page),
          method: f.source.method,
        });
        expect(Number(row?.confidence)).toBe(f.source.confidence);
      }
    }
  });

  it('writes a printed blank as an empty cell, not 0, and keeps a negative number', async () => {
    const record = syntheticRecord('c', [fact('review.total', null), fact('fees', -2.5, { unit: '万元' })]);
    const rows = csvObjects(parseCsv(withoutBom(await longCsv([record]))));
    expect(rows.map((r) => [r.key, r.value])).toEqual([
      ['review.total', ''],
      ['fees', '-2.5'],
    ]);
  });

  it('gives a record without facts no rows', async () => {
    const failed = { ...syntheticRecord('d', []), status: 'failed' as const };
    expect(parseCsv(withoutBom(await longCsv([failed])))).toHaveLength(1);
  });
});

describe('wide CSV', () => {
  const records = sampleRecords();

  it('orders the fact columns as the indicator definitions, formats in schema order', () => {
    const columns = wideFactColumns(['fujian', 'gov2019', 'gov2021']);
    const gov2021 = INDICATORS.filter((i) => i.format === 'gov2021').map((i) => i.key);
    expect(columns.slice(0, gov2021.length)).toEqual(gov2021);
    // gov2019 adds its own keys only; shared request keys appear once.
    expect(new Set(columns).size).toBe(columns.length);
    expect(columns).toContain('art20_5.other_services.prev_items');
    expect(columns.indexOf('proactive.total@cumulative')).toBe(columns.indexOf('proactive.total') + 1);
    expect(columns).not.toContain('org.staff'); // gov2014 is not present
    expect(wideFactColumns(['gov2014'], ['zz.new', 'aa.new', 'review.total'])).toEqual([
      ...INDICATORS.filter((i) => i.format === 'gov2014').map((i) => i.key),
      'aa.new',
      'zz.new',
    ]);
    expect(wideFactColumns(['none'])).toEqual([]);
  });

  it('has one row per report and one column per fact key, values in their columns', async () => {
    const columns = wideFactColumns(records.map((r) => r.report.format));
    const rows = parseCsv(withoutBom(await wideCsv(records, columns)));
    expect(rows).toHaveLength(records.length + 1);
    expect(rows[0]).toEqual(['record_id', 'source_name', 'agency', 'year', 'format', 'status', ...columns]);
    const objects = csvObjects(rows);
    for (const [i, r] of records.entries()) {
      const row = objects[i];
      expect(row?.record_id).toBe(r.id);
      const filled = columns.filter((c) => row?.[c] !== '');
      expect(filled).toHaveLength(r.facts.filter((f) => f.value !== null).length);
      for (const f of r.facts) {
        expect(row?.[f.period === 'year' ? f.key : `${f.key}@cumulative`], `${r.source.name} ${f.key}`).toBe(cell(f.value));
      }
    }
  });

  it('leaves the cells of a printed blank and of an absent fact empty', async () => {
    const record = syntheticRecord('e', [fact('review.total', null), fact('review.upheld', 3)]);
    const columns = wideFactColumns(['gov2014']);
    const [row] = csvObjects(parseCsv(withoutBom(await wideCsv([record], columns))));
    expect(row).toMatchObject({ 'review.total': '', 'review.upheld': '3', 'review.corrected': '' });
  });
});
