/**
 * Reads the objects of an existing PDF with a classic xref table and no object streams (what
 * Chromium/Skia writes), so that a real report can be re-written: encrypted, or with its
 * cross-reference damaged. Not a general PDF parser.
 */
import type { PdfObject } from './writer.js';

export interface ParsedPdf {
  objects: Map<number, PdfObject>;
  root: number;
  info?: number;
  version: string;
}

const OBJ_RE = /(\d+)\s+(\d+)\s+obj\b/g;

export function parsePdf(bytes: Uint8Array): ParsedPdf {
  const text = Buffer.from(bytes).toString('latin1');
  const objects = new Map<number, PdfObject>();
  const indirectLengths: [num: number, lengthRef: number, dataStart: number][] = [];
  OBJ_RE.lastIndex = 0;
  for (let m = OBJ_RE.exec(text); m; m = OBJ_RE.exec(text)) {
    const num = Number(m[1]);
    const start = m.index + m[0].length;
    const streamAt = text.indexOf('stream', start);
    const endobjAt = text.indexOf('endobj', start);
    if (endobjAt < 0) throw new Error(`object ${num} has no endobj`);
    if (streamAt < 0 || streamAt > endobjAt) {
      objects.set(num, text.slice(start, endobjAt).trim());
      OBJ_RE.lastIndex = endobjAt;
      continue;
    }
    const dict = text.slice(start, streamAt).trim();
    const dataStart = streamAt + 'stream'.length + (text.startsWith('\r\n', streamAt + 6) ? 2 : 1);
    const direct = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    const ref = /\/Length\s+(\d+)\s+\d+\s+R/.exec(dict);
    if (direct) {
      const end = dataStart + Number(direct[1]);
      objects.set(num, { dict, data: bytes.subarray(dataStart, end) });
      OBJ_RE.lastIndex = text.indexOf('endobj', end);
    } else if (ref) {
      indirectLengths.push([num, Number(ref[1]), dataStart]);
      objects.set(num, { dict, data: new Uint8Array(0) });
      OBJ_RE.lastIndex = text.indexOf('endstream', dataStart);
    } else {
      throw new Error(`stream ${num} has no /Length`);
    }
  }
  for (const [num, lengthRef, dataStart] of indirectLengths) {
    const obj = objects.get(num) as { dict: string };
    objects.set(num, { dict: obj.dict, data: bytes.subarray(dataStart, dataStart + Number(objects.get(lengthRef))) });
  }
  const trailer = text.slice(text.lastIndexOf('trailer'));
  const root = /\/Root\s+(\d+)\s+\d+\s+R/.exec(trailer);
  if (!root) throw new Error('no /Root in the trailer');
  const info = /\/Info\s+(\d+)\s+\d+\s+R/.exec(trailer);
  const version = /^%(PDF-\d\.\d)/.exec(text)?.[1] ?? 'PDF-1.4';
  return { objects, root: Number(root[1]), ...(info ? { info: Number(info[1]) } : {}), version };
}
