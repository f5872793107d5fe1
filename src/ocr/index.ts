/**
 * OCR of scanned pages: page images → PageContent (method 'ocr') that the table and layout
 * builders read exactly like a text PDF page. Everything is configured by options; nothing
 * here reads the environment or the network.
 *
 *   const engine = await OcrEngine.create({ workers: 2 });
 *   try {
 *     for await (const img of pageImages(pdfBytes)) pages.push(await ocrPage(img, engine, { page: img.page }));
 *   } finally {
 *     await engine.close();
 *   }
 */
export { OcrEngine, checkLangPath, defaultLangPath, greyToPgm } from './engine.js';
export type { OcrEngineOptions, OcrResult, OcrSymbol, OcrWord, PageSegMode, RecognizeJob } from './engine.js';
export { DEFAULT_IMAGE_DPI, embeddedPageImage, fileImage, imageOfPage, pageImage, pageImages, renderPage } from './page-image.js';
export type { PageImage, PageImageOptions } from './page-image.js';
export { estimateSkew, otsuThreshold, preprocess, rotateGrey, stretchContrast, toGrey } from './preprocess.js';
export type { GreyPage, PreprocessOptions } from './preprocess.js';
export { detectRuleLines, inkMask, toRuleSegments } from './grid.js';
export type { PixelLine, PixelRules } from './grid.js';
export {
  cleanCellLines,
  cleanNumber,
  cleanText,
  fixBrackets,
  fixNumbering,
  fixNumericText,
  isNumberText,
} from './postprocess.js';
export { ocrPage, tableRegions } from './ocr-page.js';
export type { OcrPageOptions, TableRegions } from './ocr-page.js';
