/**
 * The runtime indicator definitions against the shared spec (indicators.tsv): the same keys
 * per format, the same units, and every wording of a definition printed in the spec's label
 * (and every alternative the spec lists known to the definition).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ART20,
  FUJIAN_ROWS,
  GOV2014_ROWS,
  INDICATORS,
  REQUEST_COLUMNS,
  REQUEST_ROWS,
  REVIEW_COLUMNS,
  indicatorsOf,
} from '../../../src/normalize/indicators.js';
import { labelForm } from '../../../src/normalize/labels.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const specFile = path.resolve(repoRoot, '../shared/spec/indicators.tsv');
const hasSpec = fs.existsSync(specFile);
if (!hasSpec) console.warn(`indicator drift test skipped: no ${specFile}`);

interface SpecRow {
  format: string;
  key: string;
  label: string;
  unit: string;
}
const spec: SpecRow[] = hasSpec
  ? fs
      .readFileSync(specFile, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [format = '', key = '', label = '', unit = ''] = line.split('\t');
        return { format, key, label, unit };
      })
  : [];
const specOf = (format: string, key: string) => spec.find((s) => s.format === format && s.key === key);

/** The wordings of the definition a key is read from (row and column, all alternatives). */
function wordingsOf(format: string, key: string): string[][] {
  const alts = (d: { text: readonly string[] } | undefined) => (d ? [[...d.text]] : []);
  if (format === 'gov2014') return alts(GOV2014_ROWS.find((r) => r.id === key));
  if (format === 'fujian') return alts(FUJIAN_ROWS.find((r) => r.id === key));
  const f = format as 'gov2019' | 'gov2021';
  const review = REVIEW_COLUMNS.find((c) => c.id === key);
  if (review) return [...alts(review), ...(review.context ?? []).slice(0, 1).map((c) => [c])];
  const cell = ART20[f].cells.find((c) => c.key === key);
  if (cell)
    return [...alts(ART20[f].rows.find((r) => r.id === cell.row)), ...alts(ART20[f].columns.find((c) => c.id === cell.column))];
  const m = /^requests\.(.+)\.([a-z_]+)$/.exec(key)!;
  return [...alts(REQUEST_ROWS[f].find((r) => r.id === m[1])), ...alts(REQUEST_COLUMNS.find((c) => c.id === m[2]))];
}

describe.skipIf(!hasSpec)('indicator definitions vs the spec', () => {
  it('have exactly the spec keys per format', () => {
    const key = (r: { format: string; key: string }) => `${r.format} ${r.key}`;
    expect(INDICATORS.map(key).sort()).toEqual(spec.map(key).sort());
  });

  it('have the spec units', () => {
    for (const s of spec) expect(indicatorsOf(s.format as never).get(s.key)?.unit, `${s.format} ${s.key}`).toBe(s.unit);
  });

  it('read each key from wordings the spec label prints', () => {
    for (const ind of INDICATORS) {
      const label = labelForm(specOf(ind.format, ind.key)!.label.replace(/\[[^\]]*\]|\((?:may|normalized|only)[^)]*\)/g, ''));
      for (const group of wordingsOf(ind.format, ind.key)) {
        expect(group.length, `${ind.format} ${ind.key}`).toBeGreaterThan(0);
        for (const w of group) expect(label, `${ind.format} ${ind.key}: ${w}`).toContain(labelForm(w));
      }
    }
  });

  it('know every alternative wording the spec lists', () => {
    for (const s of spec.filter((x) => x.label.includes('|'))) {
      const known = wordingsOf(s.format, s.key).flat().map(labelForm);
      for (const part of s.label.split(' × ')) {
        if (!part.includes('|')) continue;
        for (const alt of part.split('|'))
          expect(known, `${s.format} ${s.key}: ${alt}`).toContain(labelForm(alt.replace(/^.*\s/, '')));
      }
    }
  });
});
