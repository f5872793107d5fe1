/**
 * The corpus of hostile and broken inputs: every file, how it is made, and the record it must
 * give. Written by scripts/make-bad-fixtures.ts and by the bad-input integration test, never
 * committed (test/fixtures/bad is git-ignored).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ErrorCode } from '../../../src/errors.js';
import { governmentNoticePdf, hostileReportHtml, newsArticleHtml } from './documents.js';
import { gifFile, jpegFile, textFile, zipFile } from './other-files.js';
import {
  truncated,
  withBrokenXref,
  withDamagedLastPage,
  withOwnerPassword,
  withoutTail,
  withUserPassword,
} from './pdf-damage.js';
import { bombPdf, deflatedBlanks, hugePagePdf, manyPagesPdf } from './pdf-hostile.js';

export type Expectation =
  /** Fails with this code. */
  | { code: ErrorCode }
  /**
   * Is read as a viewer reads it, with exactly the facts of the control file `sameFactsAs`;
   * `failedPages` could not be read (the record lists them as PAGE_FAILED warnings).
   */
  | { sameFactsAs: string; failedPages?: number[] };

export interface BadFixture {
  name: string;
  expect: Expectation;
  /** What the file is, for reports and test names. */
  what: string;
}

export interface FixtureSources {
  /** A text PDF report with a classic xref table (samples/inputs/syn12.text.pdf). */
  reportPdf: Uint8Array;
  /** A saved report web page (samples/inputs/syn05.html). */
  reportHtml: string;
}

/** Size of the decompression bomb's inflated content stream, MiB. */
export const BOMB_MIB = 400;
export const MANY_PAGES = 5000;
export const HUGE_PAGE_PX = 20_000;

/** The two control files: intact reports that must complete with facts. */
export const CONTROL_PDF = 'report.pdf';
export const CONTROL_HTML = 'report.html';

export const BAD_FIXTURES: readonly BadFixture[] = [
  { name: CONTROL_PDF, expect: { sameFactsAs: CONTROL_PDF }, what: 'intact report (control)' },
  { name: CONTROL_HTML, expect: { sameFactsAs: CONTROL_HTML }, what: 'intact report page (control)' },
  { name: 'owner-password.pdf', expect: { sameFactsAs: CONTROL_PDF }, what: 'encrypted, owner password only' },
  { name: 'broken-xref.pdf', expect: { sameFactsAs: CONTROL_PDF }, what: 'xref offsets and startxref wrong' },
  { name: 'no-trailer.pdf', expect: { sameFactsAs: CONTROL_PDF }, what: 'cut inside the xref table' },
  { name: 'damaged-page.pdf', expect: { sameFactsAs: CONTROL_PDF, failedPages: [5] }, what: 'last page object unreadable' },
  { name: 'hostile.html', expect: { sameFactsAs: CONTROL_HTML }, what: 'scripts, iframes, javascript: links, XSS in cells' },
  { name: 'empty.pdf', expect: { code: 'EMPTY' }, what: 'zero bytes' },
  { name: 'user-password.pdf', expect: { code: 'ENCRYPTED' }, what: 'encrypted, user password needed' },
  { name: 'truncated.pdf', expect: { code: 'CORRUPT' }, what: 'cut at half its length' },
  { name: 'header-only.pdf', expect: { code: 'CORRUPT' }, what: 'a PDF header and nothing else' },
  { name: 'many-pages.pdf', expect: { code: 'TOO_MANY_PAGES' }, what: `${MANY_PAGES} pages` },
  { name: 'huge-page.pdf', expect: { code: 'TOO_LARGE' }, what: `${HUGE_PAGE_PX} × ${HUGE_PAGE_PX} px page image` },
  { name: 'bomb.pdf', expect: { code: 'TOO_LARGE' }, what: `content stream inflating to ${BOMB_MIB} MiB` },
  { name: 'bomb-nested.pdf', expect: { code: 'TOO_LARGE' }, what: `two Flate layers inflating to ${BOMB_MIB} MiB` },
  // images are read by OCR (the name does not matter): a photo without text needs it
  { name: 'photo.pdf', expect: { code: 'NO_TEXT' }, what: 'a JPEG named .pdf, OCR off' },
  { name: 'archive.zip', expect: { code: 'UNSUPPORTED_TYPE' }, what: 'a ZIP holding the report' },
  { name: 'image.gif', expect: { code: 'UNSUPPORTED_TYPE' }, what: 'a GIF' },
  { name: 'notes.txt', expect: { code: 'UNSUPPORTED_TYPE' }, what: 'plain text' },
  { name: 'news.html', expect: { code: 'NOT_A_REPORT' }, what: 'a news article page' },
  { name: 'notice.pdf', expect: { code: 'NOT_A_REPORT' }, what: 'a government notice (通知)' },
];

/** Writes every fixture into `outDir` (created if needed); returns the list written. */
export async function writeBadFixtures(outDir: string, sources: FixtureSources): Promise<BadFixture[]> {
  await fs.mkdir(outDir, { recursive: true });
  const { reportPdf, reportHtml } = sources;
  // 400 MiB of blanks: the bombs' content, and enough grey pixels for the 20,000² image
  const blanks = await deflatedBlanks(BOMB_MIB);
  const contents: Record<string, () => Uint8Array | string | Promise<Uint8Array>> = {
    [CONTROL_PDF]: () => reportPdf,
    [CONTROL_HTML]: () => reportHtml,
    'owner-password.pdf': () => withOwnerPassword(reportPdf),
    'broken-xref.pdf': () => withBrokenXref(reportPdf),
    'no-trailer.pdf': () => withoutTail(reportPdf),
    'damaged-page.pdf': () => withDamagedLastPage(reportPdf),
    'hostile.html': () => hostileReportHtml(reportHtml),
    'empty.pdf': () => new Uint8Array(0),
    'user-password.pdf': () => withUserPassword(reportPdf),
    'truncated.pdf': () => truncated(reportPdf, 0.5),
    'header-only.pdf': () => '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n',
    'many-pages.pdf': () => manyPagesPdf(MANY_PAGES),
    'huge-page.pdf': () => hugePagePdf(HUGE_PAGE_PX, blanks),
    'bomb.pdf': () => bombPdf(blanks, 1),
    'bomb-nested.pdf': () => bombPdf(blanks, 2),
    'photo.pdf': jpegFile,
    'archive.zip': () => zipFile({ 'report.pdf': reportPdf }),
    'image.gif': gifFile,
    'notes.txt': textFile,
    'news.html': newsArticleHtml,
    'notice.pdf': governmentNoticePdf,
  };
  for (const fixture of BAD_FIXTURES) {
    const make = contents[fixture.name];
    if (!make) throw new Error(`no generator for ${fixture.name}`);
    await fs.writeFile(path.join(outDir, fixture.name), await make());
  }
  return [...BAD_FIXTURES];
}
