/**
 * The pixel limit: no page or image above this many pixels is decoded or rendered. A
 * 20,000 × 20,000 px page image is 400 MB of grey, 1.6 GB as RGBA — enough to take a worker
 * down. 100 megapixels is an A4 page at ~1,000 dpi, far above any scan worth reading.
 */
import { NianbaoError } from '../errors.js';

export const DEFAULT_MAX_IMAGE_PIXELS = 100_000_000;

/**
 * Throws TOO_LARGE when page `page` of `widthPt` × `heightPt` points would be above
 * `maxPixels` when rendered at `dpi`. For the OCR stage, before it renders a page.
 */
export function assertPagePixels(
  page: number,
  widthPt: number,
  heightPt: number,
  dpi: number,
  maxPixels = DEFAULT_MAX_IMAGE_PIXELS,
): void {
  const width = Math.ceil((widthPt * dpi) / 72);
  const height = Math.ceil((heightPt * dpi) / 72);
  if (width * height > maxPixels) {
    throw new NianbaoError(
      'TOO_LARGE',
      `Page ${page} would be ${width} × ${height} px at ${dpi} dpi; the limit is ${maxPixels / 1e6} megapixels`,
    );
  }
}
