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

/** A content stream operand: numbers and names are kept, strings, arrays and dictionaries are not. */
export type Operand = number | PdfName | null;

export function isName(v: PdfValue | undefined, name?: string): v is PdfName {
  return typeof v === 'object' && v !== null && 'name' in v && (name === undefined || v.name === name);
}
export function isRef(v: PdfValue | undefined): v is PdfRef {
  return typeof v === 'object' && v !== null && 'ref' in v;
}
export function isDict(v: PdfValue | undefined): v is PdfDict {
  return v instanceof Map;
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
    while (j < text.length && !isWhiteSpace(text.charCodeAt(j)) && !isDelimiter(text.charCodeAt(j))) j++;
    this.i = j;
    return text.slice(start, j);
  }

  private skipSpace(): void {
    const { text } = this;
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (isWhiteSpace(c)) this.i++;
      else if (c === 0x25) while (this.i < text.length && text[this.i] !== '\n' && text[this.i] !== '\r') this.i++;
      else return;
    }
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

const enum Ch {
  Nul = 0x00,
  Tab = 0x09,
  Lf = 0x0a,
  Ff = 0x0c,
  Cr = 0x0d,
  Space = 0x20,
  Percent = 0x25,
  LParen = 0x28,
  RParen = 0x29,
  Plus = 0x2b,
  Minus = 0x2d,
  Dot = 0x2e,
  Slash = 0x2f,
  Zero = 0x30,
  Nine = 0x39,
  Less = 0x3c,
  Greater = 0x3e,
  LBracket = 0x5b,
  Backslash = 0x5c,
  RBracket = 0x5d,
  LBrace = 0x7b,
  RBrace = 0x7d,
}

function isWhiteSpace(b: number): boolean {
  return b === Ch.Space || b === Ch.Lf || b === Ch.Cr || b === Ch.Tab || b === Ch.Ff || b === Ch.Nul;
}

function isDelimiter(b: number): boolean {
  return (
    b === Ch.LParen ||
    b === Ch.RParen ||
    b === Ch.Less ||
    b === Ch.Greater ||
    b === Ch.LBracket ||
    b === Ch.RBracket ||
    b === Ch.LBrace ||
    b === Ch.RBrace ||
    b === Ch.Slash ||
    b === Ch.Percent
  );
}

/**
 * Calls `onOp` for every operator of a content stream with its operands. Strings, arrays
 * (a TJ's) and dictionaries (marked content's) are skipped as single null operands; inline
 * image data (`ID … EI`) is skipped. Throws SyntaxError on a string or array that does not end.
 * Returns how many operands were left over at the end with no operator.
 */
export function scanContent(bytes: Uint8Array, onOp: (op: string, args: Operand[]) => void): number {
  const n = bytes.length;
  const args: Operand[] = [];
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (isWhiteSpace(b)) {
      i++;
    } else if (b === Ch.Percent) {
      while (i < n && bytes[i] !== Ch.Lf && bytes[i] !== Ch.Cr) i++;
    } else if (b === Ch.LParen) {
      i = skipLiteral(bytes, i);
      args.push(null);
    } else if (b === Ch.Less) {
      i = bytes[i + 1] === Ch.Less ? skipNested(bytes, i) : skipHex(bytes, i);
      args.push(null);
    } else if (b === Ch.LBracket) {
      i = skipNested(bytes, i);
      args.push(null);
    } else if (b === Ch.Slash) {
      let j = i + 1;
      while (j < n && !isWhiteSpace(bytes[j]!) && !isDelimiter(bytes[j]!)) j++;
      args.push({ name: decodeName(latin1(bytes, i + 1, j)) });
      i = j;
    } else if ((b >= Ch.Zero && b <= Ch.Nine) || b === Ch.Minus || b === Ch.Plus || b === Ch.Dot) {
      const [value, j] = readNumber(bytes, i);
      args.push(value);
      i = j;
    } else if (isDelimiter(b)) {
      i++; // a stray closing delimiter
    } else {
      let j = i + 1;
      while (j < n && !isWhiteSpace(bytes[j]!) && !isDelimiter(bytes[j]!)) j++;
      const op = latin1(bytes, i, j);
      i = j;
      if (op === 'true' || op === 'false' || op === 'null') {
        args.push(null);
        continue;
      }
      if (op === 'ID') {
        i = skipInlineImage(bytes, i);
      } else {
        onOp(op, args);
      }
      args.length = 0;
    }
  }
  return args.length;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let k = start; k < end; k++) s += String.fromCharCode(bytes[k]!);
  return s;
}

/** A number at `i` (`-12`, `3.5`, `.5`, `4.`); null when there are no digits. */
function readNumber(bytes: Uint8Array, start: number): [number | null, number] {
  let i = start;
  let sign = 1;
  // pdf.js reads `--5` and `+-5` as -5: only the first sign counts.
  while (bytes[i] === Ch.Minus || bytes[i] === Ch.Plus) {
    if (i === start && bytes[i] === Ch.Minus) sign = -1;
    i++;
  }
  let value = 0;
  let digits = 0;
  let scale = 0;
  for (;;) {
    const b = bytes[i];
    if (b === undefined) break;
    if (b >= Ch.Zero && b <= Ch.Nine) {
      value = value * 10 + (b - Ch.Zero);
      if (scale > 0) scale *= 10;
      digits++;
    } else if (b === Ch.Dot && scale === 0) {
      scale = 1;
    } else break;
    i++;
  }
  if (digits === 0) {
    // Not a number after all (e.g. a lone `-`): skip the word.
    while (i < bytes.length && !isWhiteSpace(bytes[i]!) && !isDelimiter(bytes[i]!)) i++;
    return [null, i];
  }
  return [(sign * value) / (scale || 1), i];
}

/** The index after a literal string `( … )` (balanced parentheses, backslash escapes). */
function skipLiteral(bytes: Uint8Array, start: number): number {
  let depth = 0;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === Ch.Backslash) i++;
    else if (b === Ch.LParen) depth++;
    else if (b === Ch.RParen && --depth === 0) return i + 1;
  }
  throw new SyntaxError('unterminated string');
}

function skipHex(bytes: Uint8Array, start: number): number {
  const end = bytes.indexOf(Ch.Greater, start);
  if (end < 0) throw new SyntaxError('unterminated hex string');
  return end + 1;
}

/** The index after an array `[ … ]` or dictionary `<< … >>`, nested ones and strings inside. */
function skipNested(bytes: Uint8Array, start: number): number {
  let depth = 0;
  for (let i = start; i < bytes.length;) {
    const b = bytes[i]!;
    if (b === Ch.LParen) {
      i = skipLiteral(bytes, i);
    } else if (b === Ch.LBracket) {
      depth++;
      i++;
    } else if (b === Ch.Less && bytes[i + 1] === Ch.Less) {
      depth++;
      i += 2;
    } else if (b === Ch.Less) {
      i = skipHex(bytes, i);
    } else if (b === Ch.RBracket || (b === Ch.Greater && bytes[i + 1] === Ch.Greater)) {
      i += b === Ch.RBracket ? 1 : 2;
      if (--depth === 0) return i;
    } else if (b === Ch.Percent) {
      while (i < bytes.length && bytes[i] !== Ch.Lf && bytes[i] !== Ch.Cr) i++;
    } else {
      i++;
    }
  }
  throw new SyntaxError('unterminated array or dictionary');
}

/** After `ID`: one white-space byte, the data, then `EI` between white space (or the end). */
function skipInlineImage(bytes: Uint8Array, start: number): number {
  for (let i = start + 1; i + 1 < bytes.length; i++) {
    if (
      bytes[i] === 0x45 &&
      bytes[i + 1] === 0x49 &&
      isWhiteSpace(bytes[i - 1]!) &&
      (i + 2 === bytes.length || isWhiteSpace(bytes[i + 2]!) || isDelimiter(bytes[i + 2]!))
    ) {
      return i + 2;
    }
  }
  throw new SyntaxError('inline image without EI');
}
