/**
 * The JPEG of a scanned page, decoded with sharp (libjpeg-turbo) rather than by pdf.js's
 * JavaScript decoder, which takes several times as long on the thread that also feeds the OCR
 * workers (an A4 page at 300 dpi: about 0.45 s for pdf.js's page image, 0.1 s here).
 *
 * Only the plain scan is taken this way: a top-level page object whose content draws one
 * image over the whole page (nothing but q, Q, cm and Do), the image an 8-bit DCTDecode
 * stream in DeviceGray or DeviceRGB without /Decode, masks or other filters. Anything else,
 * or any doubt, gives null, and pdf.js reads the page as before.
 */
import sharp, { type OutputInfo } from 'sharp';
import { IDENTITY, multiply, toMatrix, type Matrix } from '../pdf/matrix.js';
import type { RawPdf } from '../pdf/raw-pdf.js';
import { isDict, isName, isRef, scanContent, type PdfDict, type PdfValue } from '../pdf/syntax.js';
import type { PageImage } from './page-image.js';

export interface ScanPage {
  /** The page object's number (pdf.js `page.ref.num`). */
  objectNumber: number;
  /** Page size in points (the viewport at scale 1) and rotation. */
  width: number;
  height: number;
  rotate: number;
}

/** The embedded image must cover this share of the page (each way) to stand for it. */
export const MIN_PAGE_COVER = 0.9;
/** A content stream larger than this is not a plain scan's (`q … cm /Im0 Do Q`). */
const MAX_CONTENT_BYTES = 64 * 1024;

/**
 * The page's scan decoded with sharp, or null when the page is not a plain JPEG scan.
 * `raw` is the file's objects, read once for all its pages.
 */
export async function scanJpeg(raw: RawPdf, page: ScanPage, maxPixels: number): Promise<PageImage | null> {
  if (page.rotate % 360 !== 0) return null;
  const pageDict = raw.dict({ ref: page.objectNumber });
  if (!pageDict || !isName(pageDict.get('Type'), 'Page')) return null;
  const painted = paintedImage(raw, pageDict.get('Contents'));
  if (!painted) return null;
  const xobject = raw.dict(raw.inherited(pageDict, 'Resources'))?.get('XObject');
  const ref = raw.dict(xobject)?.get(painted.name);
  if (!isRef(ref)) return null;
  const image = raw.objects.get(ref.ref);
  const dict = raw.object(ref.ref);
  if (!image?.stream || !isDict(dict) || !plainJpeg(dict)) return null;

  // The image's unit square mapped to user space: its extent in points, unrotated, unflipped.
  const [a, b, c, d] = painted.ctm;
  if (Math.abs(b) > 1e-3 * a || Math.abs(c) > 1e-3 * d || a <= 0 || d <= 0) return null;
  if (a < MIN_PAGE_COVER * page.width || d < MIN_PAGE_COVER * page.height) return null;

  const width = dict.get('Width');
  const height = dict.get('Height');
  if (typeof width !== 'number' || typeof height !== 'number' || width * height > maxPixels) return null;
  const grey = isName(dict.get('ColorSpace'), 'DeviceGray');
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    const jpeg = sharp(raw.data.subarray(image.stream.start, image.stream.end), { limitInputPixels: maxPixels });
    decoded = await jpeg
      .toColourspace(grey ? 'b-w' : 'srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    return null; // pdf.js may still make something of it
  }
  const { info } = decoded;
  if (info.width !== width || info.height !== height || info.channels !== (grey ? 1 : 3)) return null;
  const pointsPerPixel = page.width / width;
  return {
    pixels: decoded.data,
    width,
    height,
    channels: grey ? 1 : 3,
    dpi: Math.round(72 / pointsPerPixel),
    pointsPerPixel,
    source: 'embedded',
  };
}

/** An 8-bit DCTDecode image in DeviceGray or DeviceRGB, drawn as it is. */
function plainJpeg(dict: PdfDict): boolean {
  const filter = dict.get('Filter');
  const filters = Array.isArray(filter) ? filter : [filter];
  return (
    isName(dict.get('Subtype'), 'Image') &&
    filters.length === 1 &&
    isName(filters[0], 'DCTDecode') &&
    dict.get('BitsPerComponent') === 8 &&
    (isName(dict.get('ColorSpace'), 'DeviceGray') || isName(dict.get('ColorSpace'), 'DeviceRGB')) &&
    !['Decode', 'DecodeParms', 'SMask', 'Mask', 'ImageMask', 'DL'].some((k) => dict.has(k))
  );
}

/** The one image the content draws and the CTM it is drawn with; null for any other content. */
function paintedImage(raw: RawPdf, contents: PdfValue | undefined): { name: string; ctm: Matrix } | null {
  const refs = Array.isArray(contents) ? contents : [contents];
  const parts: Uint8Array[] = [];
  for (const ref of refs) {
    const bytes = isRef(ref) ? raw.streamBytes(ref.ref, MAX_CONTENT_BYTES) : null;
    if (!bytes) return null;
    parts.push(bytes, NEWLINE);
  }

  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];
  let painted: { name: string; ctm: Matrix } | null = null;
  const notPlain = () => new SyntaxError('not a plain scan');
  try {
    const leftOver = scanContent(Buffer.concat(parts), (op, operands) => {
      if (op === 'q') stack.push(ctm);
      else if (op === 'Q') ctm = stack.pop() ?? ctm;
      else if (op === 'cm') {
        const m = toMatrix(operands.every((v) => typeof v === 'number') ? (operands as number[]) : null);
        if (!m || operands.length !== 6) throw notPlain();
        ctm = multiply(ctm, m);
      } else if (op === 'Do') {
        const name = operands[0];
        if (painted || operands.length !== 1 || !isName(name)) throw notPlain();
        painted = { name: name.name, ctm };
      } else throw notPlain();
    });
    return leftOver === 0 ? painted : null;
  } catch {
    return null;
  }
}

const NEWLINE = new Uint8Array([0x0a]);
