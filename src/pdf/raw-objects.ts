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
  for (;;) {
    const at = buf.indexOf(OBJ, pos);
    if (at < 0) return;
    pos = at + OBJ.length;
    const header = objectHeader(buf, at);
    if (!header || buf.subarray(at - 3, at).toString('latin1') === 'end') continue;
    const endobj = buf.indexOf(ENDOBJ, pos);
    // `stream` is looked for before `endobj` only: searching on would rescan the rest of the
    // file for every object without a stream.
    const bounded = buf.subarray(0, endobj >= 0 ? endobj : buf.length);
    const streamAt = bounded.indexOf(STREAM, pos);
    const bodyEnd = streamAt >= 0 ? streamAt : endobj >= 0 ? endobj : buf.length;
    const body = buf.subarray(pos, bodyEnd).toString('latin1');
    if (streamAt < 0) {
      yield { ...header, body, complete: endobj >= 0 };
      pos = endobj >= 0 ? endobj + ENDOBJ.length : buf.length;
      continue;
    }
    let start = streamAt + STREAM.length;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const end = streamEnd(buf, start, body);
    const after = end < buf.length ? buf.indexOf(ENDOBJ, end) : -1;
    yield { ...header, body, stream: { start, end }, complete: after >= 0 };
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
  const num = Number(buf.subarray(numStart, numEnd).toString('latin1'));
  const gen = Number(buf.subarray(genStart, genEnd).toString('latin1'));
  return { num, gen, at: numStart };
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
