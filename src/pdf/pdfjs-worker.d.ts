/** pdf.js's worker module: the main-thread worker handler, see pdfjs.ts. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
