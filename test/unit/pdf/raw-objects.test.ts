import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawObjectIndex, rawObjects } from '../../../src/pdf/raw-objects.js';
import { corpusFiles, hasCorpus } from '../../support/env.js';

/** In-use entries of a file's classic cross-reference tables: object number → offset. */
function xrefOffsets(data: Buffer): Map<number, number> {
  const offsets = new Map<number, number>();
  const text = data.toString('latin1');
  for (let at = text.indexOf('\nxref'); at >= 0; at = text.indexOf('\nxref', at + 1)) {
    const lines = text
      .slice(at + 5, text.indexOf('trailer', at))
      .trim()
      .split(/\s*\n\s*/);
    let num = 0;
    for (const line of lines) {
      const entry = /^(\d{10}) \d{5} ([nf])$/.exec(line);
      const section = /^(\d+) \d+$/.exec(line);
      if (entry) {
        if (entry[2] === 'n') offsets.set(num, Number(entry[1]));
        num++;
      } else if (section) num = Number(section[1]);
    }
  }
  return offsets;
}

describe.skipIf(!hasCorpus)('rawObjects on the corpus text PDFs', () => {
  it('finds every object where the cross-reference table puts it, with its stream ending at endstream', () => {
    let checked = 0;
    for (const file of corpusFiles(['text.pdf'])) {
      const data = fs.readFileSync(file);
      const xref = xrefOffsets(data);
      expect(xref.size, path.basename(file)).toBeGreaterThan(10);
      const index = rawObjectIndex(data);
      for (const [num, offset] of xref) {
        const obj = index.get(num);
        expect(obj?.at, `${path.basename(file)} object ${num}`).toBe(offset);
        if (obj?.stream) {
          expect(
            data
              .toString('latin1', obj.stream.end, obj.stream.end + 12)
              .trimStart()
              .startsWith('endstream'),
          ).toBe(true);
        }
        checked++;
      }
      // nothing is found that the table does not list
      expect([...rawObjects(data)].length, path.basename(file)).toBe(xref.size);
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});
