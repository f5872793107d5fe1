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
 */
const pushDescriptor = Object.getOwnPropertyDescriptor(Array.prototype, 'push');
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
if (pushDescriptor) Object.defineProperty(Array.prototype, 'push', pushDescriptor);

export const { getDocument, OPS } = pdfjs;
export type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
