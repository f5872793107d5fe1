/**
 * Serializes numbered PDF objects into a file with a classic xref table, optionally encrypted
 * (streams and strings, as the standard security handler requires). Used by the test PDF
 * builder and by the generators of damaged files.
 */
import { rc4, standardEncryption } from './security.js';

/** An object's text (a dictionary, array, number …) or a stream: its dictionary and raw data. */
export type PdfObject = string | { dict: string; data: Uint8Array | string };

export interface PdfFile {
  objects: ReadonlyMap<number, PdfObject>;
  root: number;
  info?: number;
  encrypt?: { user: string; owner: string };
  /** The header line; %PDF-1.4 by default. */
  version?: string;
}

/** The first element of the trailer's /ID (fixed, so that files are reproducible). */
export const FILE_ID = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');

const latin = (s: string) => Buffer.from(s, 'latin1');

export function serializePdf(file: PdfFile): Uint8Array {
  const size = Math.max(...file.objects.keys()) + 2;
  const encryptNum = file.encrypt ? size - 1 : 0;
  const enc = file.encrypt ? standardEncryption(file.encrypt.user, file.encrypt.owner, FILE_ID) : undefined;
  const chunks: Buffer[] = [latin(`%${file.version ?? 'PDF-1.4'}\n%\xe2\xe3\xcf\xd3\n`)];
  let offset = chunks[0]!.length;
  const offsets = new Map<number, number>();
  const emit = (num: number, obj: PdfObject) => {
    const key = enc?.objectKey(num);
    const body = key ? encryptStrings(typeof obj === 'string' ? obj : obj.dict, key) : typeof obj === 'string' ? obj : obj.dict;
    let out: Buffer;
    if (typeof obj === 'string') {
      out = latin(`${num} 0 obj\n${body}\nendobj\n`);
    } else {
      const raw = typeof obj.data === 'string' ? latin(obj.data) : Buffer.from(obj.data);
      const data = key ? rc4(key, raw) : raw;
      const dict = /\/Length\b/.test(body) ? body : body.replace(/^\s*<</, `<< /Length ${data.length}`);
      out = Buffer.concat([latin(`${num} 0 obj\n${dict}\nstream\n`), data, latin('\nendstream\nendobj\n')]);
    }
    offsets.set(num, offset);
    chunks.push(out);
    offset += out.length;
  };
  for (const [num, obj] of [...file.objects].sort((a, b) => a[0] - b[0])) emit(num, obj);
  if (enc) {
    offsets.set(encryptNum, offset);
    const out = latin(`${encryptNum} 0 obj\n${enc.dict}\nendobj\n`);
    chunks.push(out);
    offset += out.length;
  }
  let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) {
    const at = offsets.get(n);
    xref += at === undefined ? '0000000000 00000 f \n' : `${String(at).padStart(10, '0')} 00000 n \n`;
  }
  const id = FILE_ID.toString('hex');
  let trailer = `<< /Size ${size} /Root ${file.root} 0 R /ID [<${id}> <${id}>]`;
  if (file.info) trailer += ` /Info ${file.info} 0 R`;
  if (enc) trailer += ` /Encrypt ${encryptNum} 0 R`;
  chunks.push(latin(`${xref}trailer\n${trailer} >>\nstartxref\n${offset}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

/** Replaces every string in an object's text by its encryption, written as a hex string. */
export function encryptStrings(text: string, key: Buffer): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '(') {
      const { bytes, end } = readLiteral(text, i);
      out += `<${rc4(key, bytes).toString('hex')}>`;
      i = end;
    } else if (c === '<' && text[i + 1] !== '<') {
      const end = text.indexOf('>', i);
      const hex = text.slice(i + 1, end).replace(/\s/g, '');
      out += `<${rc4(key, Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex')).toString('hex')}>`;
      i = end + 1;
    } else if (c === '<' || c === '>') {
      out += text.slice(i, i + 2); // << or >>
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };

/** A literal string starting at `start` (the open parenthesis): its bytes and where it ends. */
function readLiteral(text: string, start: number): { bytes: Buffer; end: number } {
  const bytes: number[] = [];
  let depth = 0;
  let i = start;
  for (;;) {
    const c = text[i++];
    if (c === undefined) throw new Error('unterminated string');
    if (c === '(' && depth++ === 0) continue;
    if (c === ')' && --depth === 0) break;
    if (c !== '\\') {
      bytes.push(c.charCodeAt(0) & 0xff);
      continue;
    }
    const e = text[i++] ?? '';
    const octal = /^[0-7]{1,3}/.exec(text.slice(i - 1, i + 2));
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      i += octal[0].length - 1;
    } else if (e === '\r') {
      if (text[i] === '\n') i++; // a line continuation
    } else if (e !== '\n') {
      bytes.push(ESCAPES[e] ?? e.charCodeAt(0));
    }
  }
  return { bytes: Buffer.from(bytes), end: i };
}
