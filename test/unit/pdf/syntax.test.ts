import { describe, expect, it } from 'vitest';
import { parseObject, scanContent } from '../../../src/pdf/syntax.js';

describe('parseObject', () => {
  it('reads dictionaries, arrays, references, names and numbers', () => {
    const v = parseObject('<< /Type /Page /Kids [3 0 R 4 0 R] /MediaBox [0 0 595.3 -1] /Res << /X#20Y 12 0 R >> /N null >>');
    expect(v).toEqual(
      new Map<string, unknown>([
        ['Type', { name: 'Page' }],
        ['Kids', [{ ref: 3 }, { ref: 4 }]],
        ['MediaBox', [0, 0, 595.3, -1]],
        ['Res', new Map([['X Y', { ref: 12 }]])],
        ['N', null],
      ]),
    );
  });

  it('skips strings, nested parentheses and escapes included, and comments', () => {
    const v = parseObject('<< /T (a (b) \\) c) /H <00ff> % a comment >>\n /K true >>');
    expect(v).toEqual(
      new Map<string, unknown>([
        ['T', { string: true }],
        ['H', { string: true }],
        ['K', true],
      ]),
    );
  });

  it('tells references from numbers that follow each other, and stops after the first object', () => {
    expect(parseObject('[3 0 R 4 5 6 0 R 7]')).toEqual([{ ref: 3 }, 4, 5, { ref: 6 }, 7]);
    expect(parseObject('<< /Size 12 >> stream (')).toEqual(new Map([['Size', 12]]));
  });

  it('gives undefined for what is not well formed', () => {
    expect(parseObject('<< /A 1')).toBeUndefined();
    expect(parseObject('<< 1 2 >>')).toBeUndefined();
    expect(parseObject('(unterminated')).toBeUndefined();
  });
});

describe('scanContent', () => {
  it('splits a content stream into operands and operators', () => {
    const ops: string[] = [];
    scanContent(Buffer.from('q 1 0 0 1 0 0 cm /Im0 Do Q'), (op, args) => ops.push(...args.map(() => 'value'), op));
    expect(ops).toEqual(['q', 'value', 'value', 'value', 'value', 'value', 'value', 'cm', 'value', 'Do', 'Q']);
  });

  it('hands each operator its numbers and names, and skips strings, arrays, dictionaries and inline images', () => {
    const seen: string[] = [];
    const bytes = Buffer.from(
      '.5 -3 4. +2 re /Name#20x gs (a(b)c\\)) Tj <414243> Tj [1 (]) <<>>] TJ %c 9 9 re\nBI ID \x00re EI Q',
    );
    scanContent(bytes, (op, args) => seen.push(`${op}:${JSON.stringify(args)}`));
    expect(seen).toEqual(['re:[0.5,-3,4,2]', 'gs:[{"name":"Name x"}]', 'Tj:[null]', 'Tj:[null]', 'TJ:[null]', 'BI:[]', 'Q:[]']);
  });
});
