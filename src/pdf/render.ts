/**
 * Drawing a pdf.js page on a @napi-rs/canvas canvas, for page images (OCR) and previews.
 *
 * @napi-rs/canvas scans the system's fonts when it loads, and pdf.js loads it as soon as pdf.js
 * itself is imported: 0.15–0.2 s at the start of every process, text-only ones included. Only
 * drawing can need those fonts (text in a font the PDF does not embed), so pdfjs.ts turns the
 * scan off and the fonts are loaded here, before the first page is drawn.
 */
import type * as Canvas from '@napi-rs/canvas';
import type { PDFPageProxy } from './pdfjs.js';

let systemFontsLoaded = false;

async function canvasModule(): Promise<typeof Canvas> {
  const canvas = await import('@napi-rs/canvas');
  if (!systemFontsLoaded) {
    // What the module itself calls on load; its typings leave it out.
    (canvas.GlobalFonts as typeof canvas.GlobalFonts & { loadSystemFonts?: () => void }).loadSystemFonts?.();
    systemFontsLoaded = true;
  }
  return canvas;
}

/** The page drawn at `scale` (1 = 72 dpi) on a white canvas of its size, rounded up. */
export async function drawPage(page: PDFPageProxy, scale: number) {
  const { createCanvas } = await canvasModule();
  const viewport = page.getViewport({ scale });
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  // Pages with no background of their own would otherwise be transparent.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  // pdf.js types its canvas as the DOM's; @napi-rs/canvas implements the part it uses.
  await page.render({ canvas: canvas as never, canvasContext: ctx as never, viewport }).promise;
  return { canvas, ctx, width, height };
}
