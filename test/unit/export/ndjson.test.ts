import { describe, expect, it } from 'vitest';
import { writeNdjson } from '../../../src/export/ndjson.js';
import { capture, fact, iterate, sampleRecords, syntheticRecord } from './helpers.js';

describe('NDJSON', () => {
  it('gives one line per record that parses back to the same record', async () => {
    const records = sampleRecords();
    const text = (await capture((out) => writeNdjson(iterate(records), out))).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(records.length);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(records);
  });

  it('keeps null values and newlines inside strings on one line', async () => {
    const record = syntheticRecord('f', [fact('review.total', null, { label: '第一行\n第二行' })]);
    const text = (await capture((out) => writeNdjson(iterate([record]), out))).toString('utf8');
    expect(text.split('\n')).toHaveLength(2);
    expect(JSON.parse(text)).toEqual(record);
  });
});
