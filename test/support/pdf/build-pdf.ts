/**
 * A tiny PDF writer for tests: pages with hand-written content streams, Helvetica with an
 * optional ToUnicode map, optional RC4-40 (standard security handler R2) encryption.
 */
import { NianbaoError } from '../../../src/errors.js';
import { serializePdf, type PdfObject } from './writer.js';

/** Helvetica text at (x, y) in PDF user space (origin bottom-left), as content stream operators. */
export const text = (x: number, y: number, s: string, size = 12): string => `BT /F1 ${size} Tf ${x} ${y} Td (${s}) Tj ET\n`;

/** The NianbaoError a promise rejects with; fails if it resolves or rejects with anything else. */
export async function errorOf(p: Promise<unknown>): Promise<NianbaoError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof NianbaoError) return err;
    throw err;
  }
  throw new Error('expected a NianbaoError');
}

export interface TestPdfOptions {
  /** One content stream per page (PDF operators, user space with origin bottom-left). */
  pages: string[];
  /** Maps single-byte codes to Unicode text, e.g. { A: '\u2F00' }. */
  toUnicode?: Record<string, string>;
  encrypt?: { user: string; owner: string };
  title?: string;
}

export function buildTestPdf(opts: TestPdfOptions): Uint8Array {
  const objects = new Map<number, PdfObject>();
  let next = 1;
  const add = (o: PdfObject): number => {
    objects.set(next, o);
    return next++;
  };
  const catalog = add('');
  const pagesObj = add('');
  let fontDict = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica';
  if (opts.toUnicode) fontDict += ` /ToUnicode ${add({ dict: '<< >>', data: toUnicodeCMap(opts.toUnicode) })} 0 R`;
  const font = add(`${fontDict} >>`);
  const kids = opts.pages.map((content) => {
    const c = add({ dict: '<< >>', data: content });
    return add(
      `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${c} 0 R >>`,
    );
  });
  objects.set(catalog, `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`);
  objects.set(pagesObj, `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`);
  const info = opts.title !== undefined ? add(`<< /Title (${opts.title}) /Producer (nianbao-test) >>`) : undefined;
  return serializePdf({
    objects,
    root: catalog,
    ...(info !== undefined ? { info } : {}),
    ...(opts.encrypt ? { encrypt: opts.encrypt } : {}),
  });
}

/** A ToUnicode CMap for single-byte codes. */
export function toUnicodeCMap(map: Record<string, string>): string {
  const entries = Object.entries(map).map(([code, text]) => {
    const src = code.charCodeAt(0).toString(16).padStart(2, '0');
    const dst = [...text].map((ch) => ch.codePointAt(0)!.toString(16).padStart(4, '0')).join('');
    return `<${src}> <${dst}>`;
  });
  return [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CMapName /Test def /CMapType 2 def',
    '1 begincodespacerange <00> <FF> endcodespacerange',
    `${entries.length} beginbfchar`,
    ...entries,
    'endbfchar',
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
}
