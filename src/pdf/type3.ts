/**
 * Type3 glyph procedures left out of text extraction.
 *
 * pdf.js parses every glyph procedure of a Type3 font into an operator list when it loads
 * the font, for drawing. Text extraction never draws a glyph: it takes a Type3 glyph's width
 * from /Widths and its size from /FontMatrix and /FontBBox. Chromium (Skia) writes CFF fonts
 * such as Noto or Source Han CJK as Type3 fonts of up to 256 glyphs each; a 7-page report
 * had 212 of them with 1080 glyph procedures, a sixth of its extraction time.
 *
 * The copy made here has an incremental update appended that replaces each glyph procedure
 * with an empty stream; nothing before it changes. A font whose /FontBBox is empty keeps its
 * procedures (pdf.js then measures the glyphs from them), and a file whose objects RawPdf
 * cannot all see, or whose trailer is not found, is left as it is.
 */
import type { RawObject } from './raw-objects.js';
import { RawPdf } from './raw-pdf.js';
import { isRef, parseObject } from './syntax.js';

const TYPE3 = /\/Subtype\s*\/Type3\b/;
const FONT_BBOX = /\/FontBBox\s*\[([^\]]*)\]/;
/** `/CharProcs N G R`, or the dictionary written in place (names and references only). */
const CHAR_PROCS = /\/CharProcs\s*(?:(\d+)\s+\d+\s+R|(<<[^>]*>>))/;
const STARTXREF = Buffer.from('startxref');
const TRAILER = Buffer.from('trailer');

/** `raw` with its Type3 glyph procedures emptied, or null when there are none or it cannot be done. */
export function withEmptyType3Glyphs(raw: RawPdf): RawPdf | null {
  if (!raw.complete) return null;
  const glyphs = type3GlyphObjects(raw);
  if (glyphs.length === 0) return null;
  const trailer = lastTrailer(raw);
  if (!trailer) return null;

  const chunks: Buffer[] = [Buffer.from(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength), Buffer.from('\n')];
  let offset = raw.data.length + 1;
  const objects = new Map(raw.objects);
  let xref = 'xref\n';
  for (const glyph of glyphs) {
    const header = `${glyph.num} ${glyph.gen} obj\n`;
    const body = '<< /Length 0 >>\n';
    const text = `${header}${body}stream\n\nendstream\nendobj\n`;
    const start = offset + header.length + body.length + 'stream\n'.length;
    objects.set(glyph.num, { num: glyph.num, gen: glyph.gen, at: offset, body, stream: { start, end: start }, complete: true });
    xref += `${glyph.num} 1\n${String(offset).padStart(10, '0')} ${String(glyph.gen).padStart(5, '0')} n \n`;
    chunks.push(Buffer.from(text, 'latin1'));
    offset += text.length;
  }
  const size = Math.max(trailer.size, ...glyphs.map((g) => g.num + 1));
  const extra = [
    trailer.root && `/Root ${trailer.root}`,
    trailer.info && `/Info ${trailer.info}`,
    trailer.id && `/ID ${trailer.id}`,
  ];
  xref += `trailer\n<< /Size ${size} ${extra.filter(Boolean).join(' ')} /Prev ${trailer.startxref} >>\n`;
  xref += `startxref\n${offset}\n%%EOF\n`;
  chunks.push(Buffer.from(xref, 'latin1'));
  return new RawPdf(new Uint8Array(Buffer.concat(chunks)), objects);
}

/**
 * The glyph procedure streams of every Type3 font with a usable /FontBBox. The two entries
 * are found in the font's text: parsing the whole dictionary would read its /Widths, hundreds
 * of numbers per font, for nothing. A font where they are not found as expected keeps its
 * procedures.
 */
function type3GlyphObjects(raw: RawPdf): RawObject[] {
  const out = new Map<number, RawObject>();
  for (const obj of raw.objects.values()) {
    if (!TYPE3.test(obj.body)) continue;
    const bbox = FONT_BBOX.exec(obj.body)?.[1]?.trim().split(/\s+/).map(Number);
    if (bbox?.length !== 4 || !bbox.every(Number.isFinite)) continue;
    const [x0, y0, x1, y1] = bbox as [number, number, number, number];
    if (x0 === x1 || y0 === y1) continue;
    const procs = CHAR_PROCS.exec(obj.body);
    const dict = procs?.[1] !== undefined ? raw.dict({ ref: Number(procs[1]) }) : raw.dict(parseObject(procs?.[2] ?? ''));
    for (const ref of dict?.values() ?? []) {
      const glyph = isRef(ref) ? raw.objects.get(ref.ref) : undefined;
      if (glyph?.stream) out.set(glyph.num, glyph);
    }
  }
  return [...out.values()].sort((a, b) => a.num - b.num);
}

interface Trailer {
  startxref: number;
  size: number;
  root?: string;
  info?: string;
  id?: string;
}

/** The last cross-reference section's offset and its trailer entries (classic or xref stream). */
function lastTrailer(raw: RawPdf): Trailer | undefined {
  const buf = Buffer.from(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength);
  const at = buf.lastIndexOf(STARTXREF);
  if (at < 0) return undefined;
  const startxref = Number(
    /^\s*(\d+)/.exec(buf.subarray(at + STARTXREF.length, at + STARTXREF.length + 32).toString('latin1'))?.[1],
  );
  if (!Number.isInteger(startxref) || startxref <= 0 || startxref >= at) return undefined;
  let dict: string | undefined;
  if (buf.subarray(startxref, startxref + 4).toString('latin1') === 'xref') {
    const t = buf.indexOf(TRAILER, startxref);
    if (t < 0 || t > at) return undefined;
    dict = buf.subarray(t + TRAILER.length, at).toString('latin1');
  } else {
    dict = [...raw.objects.values()].find((o) => o.at === startxref && /\/Type\s*\/XRef\b/.test(o.body))?.body;
  }
  if (!dict) return undefined;
  const entry = (re: RegExp) => re.exec(dict)?.[1];
  const root = entry(/\/Root\s+(\d+\s+\d+\s+R)/);
  if (!root) return undefined;
  const size = Number(entry(/\/Size\s+(\d+)/) ?? 0);
  const info = entry(/\/Info\s+(\d+\s+\d+\s+R)/);
  const id = entry(/\/ID\s*(\[[^\]]*\])/);
  return { startxref, size, root, ...(info ? { info } : {}), ...(id ? { id } : {}) };
}
