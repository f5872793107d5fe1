/**
 * Is the document an annual report (政府信息公开工作年度报告) at all? A news article or a
 * notice uploaded by mistake must fail with NOT_A_REPORT instead of giving an empty record.
 *
 * Conservative on purpose: a report passes on any one sign — a statistics table of a known
 * form, a report title (in the text, a heading, the page or CMS title), or the opening
 * sentence every report has (本报告根据《条例》…). Reports without a table (prose only)
 * pass on their title.
 */
import { NianbaoError } from '../errors.js';
import type { DocumentLayout } from '../model.js';
import type { ReportFormat } from '../record/schema.js';
import { compactText } from '../text/normalize-text.js';
import { detectFormat } from './detect-format.js';
import { findTitle } from './metadata.js';

/** Titles are looked for in this many lines from the start (covers a cover page and a CMS header). */
const HEAD_LINES = 80;
/** A title is at most this long; a longer line is a sentence. */
const MAX_TITLE_CHARS = 100;

/** …政府信息公开(工作)年度报告 / 年报, at the end of the line (brackets and stops aside). */
const REPORT_TITLE_RE = /政府信息公开.{0,20}(?:年度报告|年报|工作报告)(?:\(.{0,12}\))?$/;
/** A notice *about* annual reports (关于做好…年度报告工作的通知) is not one. */
const NOTICE_TITLE_RE = /^关于.*的(?:通知|通报|意见|批复|函|决定|公告|请示)$|(?:通知|通报|批复)$/;
/** The report's own opening: 本报告根据《中华人民共和国政府信息公开条例》…, …编制本年度报告. */
const OWN_REPORT_RE = /本(?:年度)?报告(?:是)?(?:根据|依据|按照|依照)|(?:编制|制作|发布)(?:了)?本(?:年度)?报告/;

export function assertReport(layout: DocumentLayout, format: ReportFormat = detectFormat(layout.tables)): void {
  if (isReport(layout, format)) return;
  throw new NianbaoError('NOT_A_REPORT', 'No 政府信息公开工作年度报告 title and no statistics table of a known form were found');
}

/** `format`: the form detected from the layout's tables, when the caller has it already. */
export function isReport(layout: DocumentLayout, format: ReportFormat = detectFormat(layout.tables)): boolean {
  if (format !== 'none') return true;
  const head = layout.lines
    .filter((l) => !l.inTable)
    .slice(0, HEAD_LINES)
    .map((l) => compactText(l.text));
  // a title wrapped over two lines ("…工作年" + "度报告") is tested joined
  const joined = head.slice(1).map((line, i) => head[i]! + line);
  const titles = [
    ...head,
    ...joined,
    ...layout.sections.map((s) => compactText(s.heading)),
    ...[layout.pageTitle, layout.cms?.title].flatMap((t) => (t ? compactText(t).split(/[_|｜]|-{1,2}|—+/) : [])),
  ];
  if (titles.some(isReportTitle)) return true;
  // the metadata's title finder also knows OCR-damaged titles (…政府信息公开作度报吿)
  const found = findTitle(head);
  if (found && !NOTICE_TITLE_RE.test(compactText(found.title))) return true;
  return [...head, ...joined].some((line) => OWN_REPORT_RE.test(line) && /政府信息公开/.test(line));
}

export function isReportTitle(text: string): boolean {
  const t = text.replace(/[。.:：;；,，\s]+$/, '');
  return t.length <= MAX_TITLE_CHARS && REPORT_TITLE_RE.test(t) && !NOTICE_TITLE_RE.test(t);
}
