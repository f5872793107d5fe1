export { extractPdf, textLayerQuality, type ExtractPdfOptions, type PdfExtraction, type PdfInfo } from './extract.js';
export { extractPageContent } from './page-content.js';
export { loadPdf, openPdf, type OpenPdfOptions } from './load.js';
export { assertPagePixels, DEFAULT_MAX_IMAGE_PIXELS } from './pixel-limit.js';
