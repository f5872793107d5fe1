/**
 * PDFs built to exhaust a reader: thousands of pages, a gigantic page image, compressed
 * streams that inflate to hundreds of megabytes. Each stays small on disk and cheap to make.
 */
import zlib from 'node:zlib';
import { serializePdf, type PdfObject } from '../pdf/writer.js';

const MIB = 1024 * 1024;
const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/** `count` tiny pages sharing one content stream (~100 bytes a page). */
export function manyPagesPdf(count: number): Uint8Array {
  const objects = new Map<number, PdfObject>([
    [1, '<< /Type /Catalog /Pages 2 0 R >>'],
    [3, FONT],
    [4, { dict: '<< >>', data: 'BT /F1 4 Tf 2 2 Td (p) Tj ET' }],
  ]);
  const kids: string[] = [];
  for (let i = 0; i < count; i++) {
    objects.set(
      5 + i,
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>',
    );
    kids.push(`${5 + i} 0 R`);
  }
  objects.set(2, `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${count} >>`);
  return serializePdf({ objects, root: 1 });
}

/**
 * A page of `size` × `size` pt covered by one `size` × `size` px greyscale image, as a
 * scanner at 72 dpi would make it. `pixels` is deflated image data (deflatedBlanks serves:
 * it holds enough grey bytes), so decoding it really means width × height bytes.
 */
export function hugePagePdf(size: number, pixels: Buffer): Uint8Array {
  const image = `<< /Type /XObject /Subtype /Image /Width ${size} /Height ${size} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode >>`;
  const objects = new Map<number, PdfObject>([
    [1, '<< /Type /Catalog /Pages 2 0 R >>'],
    [2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
    [
      3,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${size} ${size}] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>`,
    ],
    [4, { dict: '<< >>', data: `q ${size} 0 0 ${size} 0 0 cm /Im1 Do Q` }],
    [5, { dict: image, data: pixels }],
  ]);
  return serializePdf({ objects, root: 1 });
}

/** `mib` MiB of blanks, deflated in a stream so that the input never sits in memory whole. */
export async function deflatedBlanks(mib: number): Promise<Buffer> {
  const chunk = Buffer.alloc(MIB, 0x20);
  const deflate = zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  for (let i = 0; i < mib; i++) if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/**
 * One page whose content stream is `deflated` (from deflatedBlanks) under `layers` Flate
 * filters: one layer is ~1/1000 of the inflated size, two layers a kilobyte or so.
 */
export function bombPdf(deflated: Buffer, layers: 1 | 2): Uint8Array {
  const data = layers === 2 ? zlib.deflateSync(deflated, { level: 9 }) : deflated;
  const filter = layers === 2 ? '[/FlateDecode /FlateDecode]' : '/FlateDecode';
  const objects = new Map<number, PdfObject>([
    [1, '<< /Type /Catalog /Pages 2 0 R >>'],
    [2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
    [3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>'],
    [4, { dict: `<< /Filter ${filter} >>`, data }],
    [5, FONT],
  ]);
  return serializePdf({ objects, root: 1 });
}
