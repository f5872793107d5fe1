/** Moved to test/support/pdf/build-pdf.ts (the fixture generators share it); kept for importers. */
export { buildTestPdf, type TestPdfOptions } from '../../support/pdf/build-pdf.js';
