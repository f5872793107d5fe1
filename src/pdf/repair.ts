/**
 * A PDF cut off at the end (an interrupted download or copy) loses its cross-reference table
 * and trailer first. pdf.js rebuilds a broken xref by scanning the objects, but without a
 * trailer it has no /Root and gives up ("Invalid PDF structure"), where MuPDF or PDFium find
 * the catalog themselves. This gives pdf.js the trailer it is missing, but only when every
 * object the file refers to is there in full: a file cut inside its fonts or pages would
 * read as garbled text, and that must fail as CORRUPT rather than give wrong figures.
 */
import { rawObjects, references, type RawObject } from './raw-objects.js';

export type TruncationRepair =
  | { kind: 'repaired'; data: Uint8Array }
  /** The file has no catalog, or refers to objects it does not contain (`missing`). */
  | { kind: 'incomplete'; missing: number };

/** Repairs a file that lost only its xref/trailer; undefined when it has a trailer. */
export function repairTruncatedPdf(data: Uint8Array): TruncationRepair | undefined {
  const tail = Buffer.from(data.subarray(Math.max(0, data.length - 64 * 1024))).toString('latin1');
  if (/trailer\s*<</.test(tail) || /\/Type\s*\/XRef\b/.test(tail)) return undefined;
  const objects = new Map<number, RawObject>();
  for (const obj of rawObjects(data)) if (obj.complete) objects.set(obj.num, obj);
  const catalog = [...objects.values()].reverse().find((o) => /\/Type\s*\/Catalog\b/.test(o.body));
  if (!catalog) return { kind: 'incomplete', missing: 1 };
  const missing = new Set<number>();
  for (const obj of objects.values()) for (const ref of references(obj.body)) if (!objects.has(ref)) missing.add(ref);
  if (missing.size > 0) return { kind: 'incomplete', missing: missing.size };
  // endstream/endobj close an object cut in the middle, so that pdf.js's scan ends there.
  const trailer = `\nendstream\nendobj\ntrailer\n<< /Root ${catalog.num} ${catalog.gen} R /Size ${Math.max(...objects.keys()) + 1} >>\n%%EOF\n`;
  const repaired = new Uint8Array(data.length + trailer.length);
  repaired.set(data);
  repaired.set(Buffer.from(trailer, 'latin1'), data.length);
  return { kind: 'repaired', data: repaired };
}
