import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NianbaoError } from '../../../src/errors.js';
import { completedRecord, failedRecord, type SourceInfo } from '../../../src/record/build.js';
import type { NormalizedPart } from '../../../src/record/build.js';
import { recordJsonSchema, type NianbaoRecord } from '../../../src/record/schema.js';
import { validateRecord } from '../../../src/record/validate.js';
import { recordFileName, sweepTempFiles, writeRecord } from '../../../src/record/write.js';
import { schemaFile, validatorFile, validatorModuleSource } from '../../../scripts/record-validator.js';

const source: SourceInfo = {
  sha256: 'a'.repeat(64),
  name: '2018年报.pdf',
  mediaType: 'application/pdf',
  bytes: 1234,
  pages: 3,
  receivedAt: '2026-01-01T00:00:00.000Z',
};

const part: NormalizedPart = {
  report: {
    title: '某镇2018年政府信息公开工作年度报告',
    agency: '某镇人民政府',
    year: 2018,
    publishedOn: '2019-01-14',
    format: 'fujian',
  },
  facts: [
    {
      key: 'review.total',
      period: 'year',
      value: 2,
      unit: '件',
      raw: '2',
      label: '行政复议数 × 2018年',
      source: { page: 3, bbox: [1, 2, 3, 4], method: 'text', confidence: 1 },
    },
  ],
  tables: [{ page: 3, rows: [['行政复议数', '件', '2']], source: 'text' }],
  sections: [{ heading: '一、概述', level: 1, text: '…' }],
  checks: [{ rule: 'requests.received.sum', status: 'skip', keys: [], detail: 'no operands' }],
  warnings: [],
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-rec-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('records', () => {
  it('builds a complete record that validates', () => {
    const rec = completedRecord(source, part);
    expect(rec.id).toBe(`sha256:${'a'.repeat(64)}`);
    expect(rec.status).toBe('complete');
    expect(() => validateRecord(rec)).not.toThrow();
  });

  it('marks a record partial when a page could not be read', () => {
    const rec = completedRecord(source, part, [{ code: 'PAGE_FAILED', page: 2, message: 'page 2 could not be read' }]);
    expect(rec.status).toBe('partial');
  });

  it('builds a failed record with the code and what to do', () => {
    const rec = failedRecord(source, new NianbaoError('ENCRYPTED'));
    expect(rec.status).toBe('failed');
    expect(rec.error?.code).toBe('ENCRYPTED');
    expect(rec.error?.message).toMatch(/password/);
    expect(() => validateRecord(rec)).not.toThrow();
  });

  it('rejects a record that breaks the schema', () => {
    const bad = { ...completedRecord(source, part), id: 'not-a-hash' };
    expect(() => validateRecord(bad)).toThrowError(/id/);
    const badFact = completedRecord(source, { ...part, facts: [{ ...part.facts[0]!, period: 'month' as 'year' }] });
    expect(() => validateRecord(badFact)).toThrow(NianbaoError);
  });

  it('publishes a JSON Schema that names every top-level field', () => {
    const schema = recordJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'schema',
        'id',
        'status',
        'source',
        'report',
        'facts',
        'tables',
        'sections',
        'checks',
        'warnings',
        'error',
      ]),
    );
    expect(schema.required).not.toContain('error');
  });

  it('writes atomically to <id>.json, and a rewrite leaves one file', async () => {
    const rec = completedRecord(source, part);
    const file = await writeRecord(dir, rec);
    await writeRecord(dir, rec);
    expect(path.basename(file)).toBe(recordFileName(rec.id));
    expect(fs.readdirSync(dir)).toEqual([recordFileName(rec.id)]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(rec);
  });

  it('does not write an invalid record', async () => {
    await expect(writeRecord(dir, { ...completedRecord(source, part), status: 'done' as 'complete' })).rejects.toThrow(
      NianbaoError,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('published schema file', () => {
  it('is the schema the code validates against', () => {
    const file = path.resolve(import.meta.dirname, '../../../schema/record-v1.schema.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(recordJsonSchema());
  });

  it('is what the compiled validator was generated from (`npm run schema` regenerates both)', () => {
    expect(fs.readFileSync(validatorFile, 'utf8')).toBe(validatorModuleSource(JSON.parse(fs.readFileSync(schemaFile, 'utf8'))));
  });

  it('is enforced: the compiled validator rejects what the schema forbids, naming the place', () => {
    const rec = completedRecord(source, part);
    expect(() => validateRecord(rec)).not.toThrow();
    const bad = { ...rec, facts: [{ ...rec.facts[0]!, value: 'twelve' }], extra: 1 } as unknown as NianbaoRecord;
    expect(() => validateRecord(bad)).toThrow(/does not match the schema: .*\/facts\/0\/value/);
  });
});

describe('sweepTempFiles', () => {
  it('removes stale temporary files of killed writers and keeps records and fresh ones', async () => {
    const stale = path.join(dir, '.0e6f1a52-7a0c-4d44-9a31-0e1d2c3b4a59.tmp');
    const fresh = path.join(dir, '.1e6f1a52-7a0c-4d44-9a31-0e1d2c3b4a59.tmp');
    fs.writeFileSync(stale, '{"half":');
    fs.writeFileSync(fresh, '{"half":');
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(stale, old, old);
    await writeRecord(dir, completedRecord(source, part));
    expect(await sweepTempFiles(dir, 60_000)).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(fresh), recordFileName(completedRecord(source, part).id)].sort());
  });
});
