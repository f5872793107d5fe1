/** samples/inputs convert to exactly the records in samples/expected. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { convertFile } from '../src/pipeline/convert.js';
import { repoRoot } from './support/env.js';

const inputs = path.join(repoRoot, 'samples', 'inputs');
const expectedDir = path.join(repoRoot, 'samples', 'expected');
const { limits } = loadConfig({});

describe('samples', () => {
  const names = fs.readdirSync(inputs).sort();

  it('has an expected record for every input and no other', () => {
    expect(fs.readdirSync(expectedDir).sort()).toEqual(names.map((n) => `${n}.json`));
  });

  it.each(names)('%s gives its expected record', async (name) => {
    const record = await convertFile(path.join(inputs, name), { limits, receivedAt: '1970-01-01T00:00:00.000Z' });
    const expected = JSON.parse(fs.readFileSync(path.join(expectedDir, `${name}.json`), 'utf8'));
    expect(JSON.parse(JSON.stringify(record))).toEqual(expected);
  });
});
