/**
 * pdf.js for the whole process, loaded once, here.
 *
 * The legacy build (the one for Node.js) bundles core-js, and core-js replaces
 * `Array.prototype.push` with a JavaScript version on V8 (for a corner case of arrays whose
 * `length` is not writable). That slows every `push` in the process, ours as much as pdf.js's:
 * about a tenth of `convert`'s time on text PDFs. The native `push` is put back once pdf.js is
 * loaded. The worker module is loaded here as well and handed to pdf.js as `pdfjsWorker`: in
 * Node.js pdf.js runs its worker on the main thread, and would otherwise import it (and
 * patch `push` again) when the first document is opened.
 *
 * @napi-rs/canvas, which pdf.js loads on import for drawing, scans the system's fonts as it
 * loads unless DISABLE_SYSTEM_FONTS_LOAD is set: 0.15–0.2 s for every process, text-only ones
 * included. It is set here, and render.ts loads the fonts before the first page is drawn.
 */
const pushDescriptor = Object.getOwnPropertyDescriptor(Array.prototype, 'push');
process.env.DISABLE_SYSTEM_FONTS_LOAD ??= '1';
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
if (pushDescriptor) Object.defineProperty(Array.prototype, 'push', pushDescriptor);

export const { getDocument, OPS, PDFWorker } = pdfjs;
export type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
