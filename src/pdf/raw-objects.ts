/**
 * A byte-level walk over the top-level objects of a PDF file (`N G obj … endobj`), without
 * pdf.js: what the stream guard and the truncation repair look at before pdf.js parses the
 * file. Objects inside object streams are not seen. Stream data is skipped by its direct
 * /Length when that lands on `endstream`, else by searching for `endstream`.
 */

export interface RawObject {
  num: number;
  gen: number;
  /** Offset of the object header (`N G obj`). */
  at: number;
  /** The text between `obj` and `stream`/`endobj` (the dictionary of a stream), latin1. */
  body: string;
  /** Where the stream data lies, [start, end) byte offsets. */
  stream?: { start: number; end: number };
  /** False for an object cut off by the end of the file. */
  complete: boolean;
}

const OBJ = Buffer.from('obj');
const ENDOBJ = Buffer.from('endobj');
const STREAM = Buffer.from('stream');
const ENDSTREAM = Buffer.from('endstream');

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;

export function* rawObjects(data: Uint8Array): Generator<RawObject> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  // The next `stream` keyword at or after pos, found once for all the objects before it
  // (a search per object without a stream would run on to the next stream each time).
  let nextStream = -1;
  for (;;) {
    const at = buf.indexOf(OBJ, pos);
    if (at < 0) return;
    pos = at + OBJ.length;
    if (buf[at - 1] === 0x64 && buf[at - 2] === 0x6e && buf[at - 3] === 0x65) continue; // endobj
    const header = objectHeader(buf, at);
    if (!header) continue;
    const endobj = buf.indexOf(ENDOBJ, pos);
    if (nextStream >= 0 && nextStream < pos) nextStream = -1;
    if (nextStream < 0) nextStream = buf.indexOf(STREAM, pos);
    const streamAt = nextStream >= 0 && (endobj < 0 || nextStream < endobj) ? nextStream : -1;
    const bodyEnd = streamAt >= 0 ? streamAt : endobj >= 0 ? endobj : buf.length;
    const body = buf.toString('latin1', pos, bodyEnd);
    if (streamAt < 0) {
      yield { num: header.num, gen: header.gen, at: header.at, body, complete: endobj >= 0 };
      pos = endobj >= 0 ? endobj + ENDOBJ.length : buf.length;
      continue;
    }
    let start = streamAt + STREAM.length;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const end = streamEnd(buf, start, body);
    const after = end < buf.length ? buf.indexOf(ENDOBJ, end) : -1;
    yield { num: header.num, gen: header.gen, at: header.at, body, stream: { start, end }, complete: after >= 0 };
    pos = after >= 0 ? after + ENDOBJ.length : buf.length;
  }
}

/** The top-level objects by number; where an object is written again (an update), the last one. */
export function rawObjectIndex(data: Uint8Array): Map<number, RawObject> {
  const objects = new Map<number, RawObject>();
  for (const obj of rawObjects(data)) objects.set(obj.num, obj);
  return objects;
}

/** `N G` right before `obj` at `at`, or undefined when the bytes there are not a header. */
function objectHeader(buf: Buffer, at: number): { num: number; gen: number; at: number } | undefined {
  let i = at - 1;
  while (isSpace(buf[i])) i--;
  const genEnd = i + 1;
  while (isDigit(buf[i])) i--;
  const genStart = i + 1;
  if (genStart === genEnd || !isSpace(buf[i])) return undefined;
  while (isSpace(buf[i])) i--;
  const numEnd = i + 1;
  while (isDigit(buf[i])) i--;
  const numStart = i + 1;
  if (numStart === numEnd || (i >= 0 && !isSpace(buf[i]) && buf[i] !== 0x3e && buf[i] !== 0x25)) return undefined;
  return { num: digits(buf, numStart, numEnd), gen: digits(buf, genStart, genEnd), at: numStart };
}

/** The number written in ASCII digits in buf[start, end). */
function digits(buf: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + buf[i]! - 0x30;
  return n;
}

/** The end of stream data: by a direct /Length when `endstream` follows it, else by search. */
function streamEnd(buf: Buffer, start: number, dict: string): number {
  const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
  if (length) {
    const end = start + Number(length[1]);
    let i = end;
    while (isSpace(buf[i])) i++;
    if (end <= buf.length && buf.subarray(i, i + ENDSTREAM.length).equals(ENDSTREAM)) return end;
  }
  const found = buf.indexOf(ENDSTREAM, start);
  return found < 0 ? buf.length : found;
}

/** Object numbers an object's text refers to (`N G R`). */
export function references(body: string): number[] {
  return [...body.matchAll(/(?<![\d.])(\d+)\s+\d+\s+R(?![A-Za-z])/g)].map((m) => Number(m[1]));
}
