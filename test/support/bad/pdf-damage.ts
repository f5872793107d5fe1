/**
 * Damaged and protected variants of a real report PDF (one with a classic xref table, such as
 * samples/inputs/syn12.text.pdf): what a download or an export tool does to a file.
 */
import { parsePdf } from '../pdf/parse.js';
import { serializePdf } from '../pdf/writer.js';

/** Encrypted so that anyone can open it; the owner password only restricts editing. */
export function withOwnerPassword(pdf: Uint8Array): Uint8Array {
  return serializePdf({ ...parsePdf(pdf), encrypt: { user: '', owner: 'owner-secret' } });
}

/** Encrypted with a password needed to open it at all. */
export function withUserPassword(pdf: Uint8Array): Uint8Array {
  return serializePdf({ ...parsePdf(pdf), encrypt: { user: 'user-secret', owner: 'owner-secret' } });
}

/**
 * Every xref offset off by 7 bytes and startxref pointing into the middle of the file: the
 * table parses, but no entry lands on its object, so a reader has to rebuild it by scanning.
 */
export function withBrokenXref(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const xrefAt = text.lastIndexOf('\nxref\n') + 1;
  if (xrefAt === 0) throw new Error('no classic xref table');
  const tail = text
    .slice(xrefAt)
    .replace(/(\d{10}) (\d{5}) n/g, (_m, off: string, gen: string) => `${String(Number(off) + 7).padStart(10, '0')} ${gen} n`)
    .replace(/startxref\s+\d+/, `startxref\n${Math.floor(xrefAt / 2)}`);
  return new Uint8Array(Buffer.from(text.slice(0, xrefAt) + tail, 'latin1'));
}

/** Cut inside the xref table: every object is there, the table's end and the trailer are not. */
export function withoutTail(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const xrefAt = text.lastIndexOf('\nxref\n') + 1;
  return pdf.slice(0, xrefAt + Math.floor((text.length - xrefAt) / 2));
}

/** Cut at `share` of its length: pages and fonts are missing. */
export function truncated(pdf: Uint8Array, share: number): Uint8Array {
  return pdf.slice(0, Math.floor(pdf.length * share));
}

/**
 * The last page object's header overwritten (`N 0 obj` → `N 0 xbj`): that page cannot be
 * found, every other page reads as before.
 */
export function withDamagedLastPage(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const pages = [...text.matchAll(/(\d+) 0 obj\s*<<\s*\/Type\s*\/Page\b(?!s)/g)];
  const last = pages.at(-1);
  if (!last) throw new Error('no page object');
  const at = last.index + last[1]!.length + ' 0 '.length;
  const out = Buffer.from(pdf);
  out.write('xbj', at, 'latin1');
  return new Uint8Array(out);
}
