/**
 * Just enough of PDF's object syntax to read a dictionary from a raw object (raw-objects.ts)
 * and the operators of a content stream: numbers, names, strings, arrays, dictionaries and
 * references. Strings are skipped over, not decoded; name escapes (#xx) are decoded.
 */

export type PdfValue = number | boolean | null | PdfName | PdfRef | PdfString | PdfValue[] | PdfDict;

export interface PdfName {
  name: string;
}
export interface PdfRef {
  ref: number;
}
export interface PdfString {
  string: true;
}
export type PdfDict = Map<string, PdfValue>;

/** One lexical token: a value, a delimiter (`<<`, `>>`, `[`, `]`) or an operator (`cm`, `R`, …). */
type Token =
  | { kind: 'value'; value: PdfValue }
  | { kind: 'open-dict' | 'close-dict' | 'open-array' | 'close-array' }
  | { kind: 'op'; op: string };

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

export function isName(v: PdfValue | undefined, name?: string): v is PdfName {
  return typeof v === 'object' && v !== null && 'name' in v && (name === undefined || v.name === name);
}
export function isRef(v: PdfValue | undefined): v is PdfRef {
  return typeof v === 'object' && v !== null && 'ref' in v;
}
export function isDict(v: PdfValue | undefined): v is PdfDict {
  return v instanceof Map;
}

/** Splits PDF syntax into tokens; throws SyntaxError where the text is not well formed. */
export function* tokens(text: string): Generator<Token> {
  let i = 0;
  const n = text.length;
  const code = (k: number): number => text.charCodeAt(k);
  while (i < n) {
    const c = code(i);
    if (WHITE.has(c)) {
      i++;
    } else if (c === 0x25) {
      // comment to the end of the line
      while (i < n && code(i) !== 0x0a && code(i) !== 0x0d) i++;
    } else if (c === 0x3c && code(i + 1) === 0x3c) {
      yield { kind: 'open-dict' };
      i += 2;
    } else if (c === 0x3e && code(i + 1) === 0x3e) {
      yield { kind: 'close-dict' };
      i += 2;
    } else if (c === 0x5b) {
      yield { kind: 'open-array' };
      i++;
    } else if (c === 0x5d) {
      yield { kind: 'close-array' };
      i++;
    } else if (c === 0x3c) {
      const end = text.indexOf('>', i);
      if (end < 0) throw new SyntaxError('unterminated hex string');
      yield { kind: 'value', value: { string: true } };
      i = end + 1;
    } else if (c === 0x28) {
      i = skipString(text, i);
      yield { kind: 'value', value: { string: true } };
    } else if (c === 0x2f) {
      let j = i + 1;
      while (j < n && !WHITE.has(code(j)) && !DELIM.has(code(j))) j++;
      const raw = text.slice(i + 1, j);
      yield { kind: 'value', value: { name: decodeName(raw) } };
      i = j;
    } else {
      let j = i;
      while (j < n && !WHITE.has(code(j)) && !DELIM.has(code(j))) j++;
      if (j === i) throw new SyntaxError(`unexpected ${text[i]}`);
      const word = text.slice(i, j);
      i = j;
      if (NUMBER.test(word)) yield { kind: 'value', value: Number(word) };
      else if (word === 'true' || word === 'false') yield { kind: 'value', value: word === 'true' };
      else if (word === 'null') yield { kind: 'value', value: null };
      else yield { kind: 'op', op: word };
    }
  }
}

/** A name's characters after the slash, with its #xx escapes decoded. */
export function decodeName(raw: string): string {
  return raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw;
}

/** The index after the literal string that starts at `start` (balanced parentheses, escapes). */
function skipString(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  throw new SyntaxError('unterminated string');
}

/**
 * The first object in `text` (an object's body, e.g. `<< /Type /Page … >>`); undefined when
 * it cannot be read. `N G R` becomes a reference. Read directly from the characters, not
 * through tokens(): a font's /Widths array has hundreds of numbers.
 */
export function parseObject(text: string): PdfValue | undefined {
  try {
    return new ObjectParser(text).value();
  } catch {
    return undefined;
  }
}

class ObjectParser {
  private i = 0;

  constructor(private readonly text: string) {}

  value(): PdfValue {
    const { text } = this;
    this.skipSpace();
    const c = text.charCodeAt(this.i);
    if (c === 0x3c && text.charCodeAt(this.i + 1) === 0x3c) return this.dict();
    if (c === 0x5b) return this.array();
    if (c === 0x3c) {
      const end = text.indexOf('>', this.i);
      if (end < 0) throw new SyntaxError('unterminated hex string');
      this.i = end + 1;
      return { string: true };
    }
    if (c === 0x28) {
      this.i = skipString(text, this.i);
      return { string: true };
    }
    if (c === 0x2f) return { name: decodeName(this.word(this.i + 1)) };
    const word = this.word(this.i);
    if (word === '') throw new SyntaxError(`unexpected ${text[this.i] ?? 'end'}`);
    if (NUMBER.test(word)) return this.numberOrRef(Number(word));
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    throw new SyntaxError(`unexpected ${word}`);
  }

  private dict(): PdfDict {
    this.i += 2;
    const dict: PdfDict = new Map();
    for (;;) {
      this.skipSpace();
      if (this.text.startsWith('>>', this.i)) {
        this.i += 2;
        return dict;
      }
      if (this.text.charCodeAt(this.i) !== 0x2f) throw new SyntaxError('dictionary key expected');
      const key = decodeName(this.word(this.i + 1));
      dict.set(key, this.value());
    }
  }

  private array(): PdfValue[] {
    this.i++;
    const array: PdfValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.i) === 0x5d) {
        this.i++;
        return array;
      }
      if (this.i >= this.text.length) throw new SyntaxError('unterminated array');
      array.push(this.value());
    }
  }

  /** A number, or `N G R` read as a reference to object N. */
  private numberOrRef(n: number): PdfValue {
    const after = this.i;
    this.skipSpace();
    const gen = this.word(this.i);
    if (/^\d+$/.test(gen) && Number.isInteger(n)) {
      this.skipSpace();
      if (this.word(this.i) === 'R') return { ref: n };
    }
    this.i = after;
    return n;
  }

  /** The regular characters from `start` on; the position moves past them. */
  private word(start: number): string {
    const { text } = this;
    let j = start;
    while (j < text.length && !WHITE.has(text.charCodeAt(j)) && !DELIM.has(text.charCodeAt(j))) j++;
    this.i = j;
    return text.slice(start, j);
  }

  private skipSpace(): void {
    const { text } = this;
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (WHITE.has(c)) this.i++;
      else if (c === 0x25) while (this.i < text.length && text[this.i] !== '\n' && text[this.i] !== '\r') this.i++;
      else return;
    }
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;
