/**
 * One-page A4 PDFs whose page is one JPEG image, as scanners and img2pdf write them, with
 * knobs for the variations a reader has to tell apart.
 */
import zlib from 'node:zlib';
import sharp from 'sharp';
import { serializePdf, type PdfObject } from './writer.js';

export interface ScanPdfOptions {
  /** Content stream of the page (default: the image drawn over the whole page). */
  content?: string;
  /** Compress the content stream with Flate. */
  flateContent?: boolean;
  /** Extra entries of the image dictionary (`/Decode [1 0]`, …). */
  imageExtra?: string;
  /** Put the resources on the page tree's root instead of the page. */
  inheritResources?: boolean;
  /** Extra entries of the page dictionary (`/Rotate 90`, …). */
  pageExtra?: string;
}

export const A4: [number, number] = [595.276, 841.89];
export const FULL_PAGE = `q ${A4[0]} 0 0 ${A4[1]} 0 0 cm /Im0 Do Q`;

/** A page image of `w` × `h` pixels: white, with a dark box (red in colour) at x 100–300, y 100–140. */
export function scanPixels(w: number, h: number, channels: 1 | 3): Buffer {
  const pixels = Buffer.alloc(w * h * channels, 255);
  for (let y = 100; y < 140; y++)
    for (let x = 100; x < 300; x++)
      for (let c = 0; c < channels; c++) pixels[(y * w + x) * channels + c] = channels === 1 ? 30 : c === 0 ? 200 : 20;
  return pixels;
}

export async function scanPdf(w: number, h: number, channels: 1 | 3, opts: ScanPdfOptions = {}): Promise<Uint8Array> {
  const jpeg = await sharp(scanPixels(w, h, channels), { raw: { width: w, height: h, channels } })
    .jpeg({ quality: 95 })
    .toBuffer();
  const space = channels === 1 ? '/DeviceGray' : '/DeviceRGB';
  const resources = '/Resources << /XObject << /Im0 4 0 R >> >>';
  const content = opts.content ?? FULL_PAGE;
  const objects = new Map<number, PdfObject>([
    [1, '<< /Type /Catalog /Pages 2 0 R >>'],
    [2, `<< /Type /Pages /Kids [3 0 R] /Count 1 ${opts.inheritResources ? resources : ''} >>`],
    [
      3,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4[0]} ${A4[1]}] ${opts.inheritResources ? '' : resources} /Contents 5 0 R ${opts.pageExtra ?? ''} >>`,
    ],
    [
      4,
      {
        dict: `<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace ${space} /BitsPerComponent 8 /Filter /DCTDecode ${opts.imageExtra ?? ''} >>`,
        data: jpeg,
      },
    ],
    [
      5,
      opts.flateContent
        ? { dict: '<< /Filter /FlateDecode >>', data: zlib.deflateSync(Buffer.from(content, 'latin1')) }
        : { dict: '<< >>', data: content },
    ],
  ]);
  return serializePdf({ objects, root: 1 });
}
