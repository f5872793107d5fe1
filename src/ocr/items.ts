/**
 * OCR words → TextItems in page points.
 */
import type { BBox, TextItem } from '../model.js';
import type { OcrWord } from './engine.js';

/**
 * An OCR word as a TextItem in page points. Its box spans the word horizontally and its text
 * line vertically, like a PDF text run (whose box comes from the font, not the glyphs): a
 * comma's own box sits below the line's middle and would otherwise fall out of its line.
 * `fontSize` is that line height. (left, top) is where pixel (0, 0) of the job's image sits
 * on the page and `scale` the job's upscaling.
 */
export function wordItem(w: OcrWord, text: string, pointsPerPixel: number, left = 0, top = 0, scale = 1): TextItem {
  const x = (v: number): number => (v / scale + left) * pointsPerPixel;
  const y = (v: number): number => (v / scale + top) * pointsPerPixel;
  const y0 = Math.min(w.bbox[1], w.lineBox[1]);
  const y1 = Math.max(w.bbox[3], w.lineBox[3]);
  const bbox: BBox = [x(w.bbox[0]), y(y0), x(w.bbox[2]), y(y1)];
  return { text, bbox, fontSize: Math.max(1, bbox[3] - bbox[1]), confidence: w.confidence };
}
