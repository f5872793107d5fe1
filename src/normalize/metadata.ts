/**
 * Report metadata from the text around the tables: the title line, the reporting body, the
 * year reported on and the date the report was signed or published.
 */
import type { DocumentLayout } from '../model.js';
import { closeCjkGaps, compactText, tidyText } from '../text/normalize-text.js';
import { numberingLevel } from './labels.js';
import { parseChineseNumber } from './numbers.js';
import { completeAgency, isAgencyName, signatureAgency } from './agency.js';

export interface ReportMetadata {
  title: string | null;
  agency: string | null;
  year: number | null;
  publishedOn: string | null;
}

const CN_YEAR = '[〇零○Ｏ一二三四五六七八九]{4}';
const CN_SMALL = '[一二三四五六七八九十]{1,3}';
const DATE_PATTERNS: readonly RegExp[] = [
  /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/,
  new RegExp(`(${CN_YEAR})\\s*年\\s*(${CN_SMALL})\\s*月\\s*(${CN_SMALL})\\s*日`),
  /(?<!\d)(\d{4})\s*[.\-/／．]\s*(\d{1,2})\s*[.\-/／．]\s*(\d{1,2})(?!\d)/,
];

const toNumber = (s: string): number | null => (/^\d+$/.test(s) ? Number(s) : parseChineseNumber(s.replace(/[○Ｏ]/g, '〇')));

/** The first date in the text as YYYY-MM-DD ("2019年1月14日", "二〇一九年一月十四日", "2019.1.14"). */
export function parseDate(text: string): string | null {
  const s = tidyText(text);
  let best: { at: number; iso: string } | null = null;
  for (const re of DATE_PATTERNS) {
    const m = re.exec(s);
    if (!m) continue;
    const [y, mo, d] = [m[1], m[2], m[3]].map((x) => toNumber(x ?? ''));
    if (!y || !mo || !d || y < 1990 || y > 2100 || mo > 12 || d > 31) continue;
    const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    if (!best || m.index < best.at) best = { at: m.index, iso };
  }
  return best?.iso ?? null;
}

const YEAR_RE = new RegExp(`(\\d{4}|${CN_YEAR})\\s*(?:年|(?=政府信息公开))`);
const TITLE_RE = new RegExp(`(?:\\d{4}|${CN_YEAR})年度?.*政府信息公开.*(?:报告|年报)$`);
/** For an OCR-damaged title ("…2019 政府信息公开作度报告", "…年度报重"): year, then the topic near the end. */
const LOOSE_TITLE_RE = new RegExp(
  `^[^，,：:]*(?:\\d{4}|${CN_YEAR})年?度?.{0,3}政府信息公开(?!.*(?:统计|情况)表)[^，,：:]{0,10}$`,
);
const NOT_TITLE_RE = /^(?:本|根据|按照|依据|如对|如有|现|为|特|附件|当前位置|您当前)|[>＞。；;]|^名称[:：]/;

/** The year reported on, from a title. */
export function yearOf(title: string): number | null {
  const m = YEAR_RE.exec(compactText(title));
  const y = m ? toNumber(m[1]!.replace(/[○Ｏ]/g, '〇')) : null;
  return y !== null && y >= 1990 && y <= 2100 ? y : null;
}

/** Without a title: the year of "统计期限为2018年1月1日至…" or "2018年度政府信息公开" in the text. */
export function yearInText(lines: readonly string[]): number | null {
  const re = new RegExp(`统计期限(?:为|是|自|从)?(\\d{4})年|(\\d{4}|${CN_YEAR})年度?政府信息公开`);
  for (const line of lines.slice(0, 40)) {
    const m = re.exec(compactText(line));
    if (m) return yearOf(`${m[1] ?? m[2]}年`);
  }
  return null;
}

/**
 * Finds the title line among the first lines; a title wrapped over two lines is joined. The
 * strict form is looked for first, then a looser one that tolerates OCR damage.
 */
export function findTitle(lines: readonly string[]): { title: string; index: number } | null {
  return titleMatching(lines, TITLE_RE) ?? titleMatching(lines, LOOSE_TITLE_RE);
}

function titleMatching(lines: readonly string[], pattern: RegExp): { title: string; index: number } | null {
  const head = lines.slice(0, 80);
  for (let i = 0; i < head.length; i++) {
    const line = closeCjkGaps(tidyText(head[i]!));
    const c = compactText(line);
    if (!c || c.length > 70 || NOT_TITLE_RE.test(c)) continue;
    const next = closeCjkGaps(tidyText(head[i + 1] ?? ''));
    // wrapped: "…政府信息公开工作年" + "度报告" (a short next line that is not a heading or a sentence)
    const n = compactText(next);
    const wrapped = n.length <= 14 && !NOT_TITLE_RE.test(n) && numberingLevel(n) === 0 && /政府信息公开|\d{4}/.test(c);
    if (wrapped && !/报告$/.test(c) && pattern.test(compactText(line + next))) {
      return { title: withAgencyAbove(head, i, `${line}${next}`), index: i + 1 };
    }
    if (pattern.test(c)) return { title: withAgencyAbove(head, i, line), index: i };
  }
  return null;
}

/** A title that starts with its year may have the agency on the line above it. */
function withAgencyAbove(lines: readonly string[], i: number, title: string): string {
  const above = i > 0 ? compactText(lines[i - 1]!) : '';
  return /^\d{4}|^[〇零一二三四五六七八九]{4}/.test(compactText(title)) && isAgencyName(above) ? `${above}${title}` : title;
}

/** At most this many characters at the start of a title's agency may differ from the signature's. */
const TITLE_AGENCY_DAMAGE = 2;
/** ...and the two must share at least this long an ending (more than 区人民政府 or 镇人民政府). */
const MIN_SHARED_ENDING = 6;

/**
 * The title's agency, or the signature's where the two name one body and the title's form is
 * printed nowhere else: OCR damages a title's large bold characters more than a plain
 * signature line ("岂区东关镇人民政府" for "曲靖市麒麟区东关镇人民政府").
 */
export function sameBodyAsSigned(fromTitle: string, lines: readonly string[], signature: string | null): string {
  if (!signature || signature === fromTitle) return fromTitle;
  const text = lines.map(compactText).join('\n');
  if (text.indexOf(fromTitle) !== text.lastIndexOf(fromTitle)) return fromTitle;
  let shared = 0;
  while (shared < Math.min(fromTitle.length, signature.length) && fromTitle.at(-1 - shared) === signature.at(-1 - shared))
    shared++;
  return shared >= MIN_SHARED_ENDING && shared >= fromTitle.length - TITLE_AGENCY_DAMAGE ? signature : fromTitle;
}

/** The agency named before (or right after) the year in a title. */
export function agencyInTitle(title: string): string | null {
  const c = compactText(title);
  const m = new RegExp(`^(.*?)(?:关于)?(?:\\d{4}|${CN_YEAR})年?度?(.*?)(?:的)?政府信息公开`).exec(c);
  if (!m) return null;
  const before = m[1]!.replace(/关于$/, ''),
    after = m[2]!.replace(/^[度的]/, '');
  const name = before || after;
  return name.length >= 2 ? name : null;
}

const DATE_AT_END_RE = new RegExp(`(?:\\d{4}|${CN_YEAR})(?:年.*[日曰月]|[.\\-/／．]\\d{1,2}[.\\-/／．]\\d{1,2})$`);

/**
 * OCR damage in a signature date: "2019年1]月14日", "2020年3月17月" (日 read as 月 or 曰),
 * "2021年]月23日" (a lone 1 read as a bracket or bar).
 */
const repairDate = (s: string): string =>
  s
    .replace(/(\d)[\]\[|)）(（:：](?=\d|月|日)/g, '$1')
    .replace(/([年月])[\]\[|lI丨](?=[月日])/g, '$11')
    .replace(/(月\d{1,2})[曰月目]$/, '$1日');

/**
 * A signature or filing date line: it ends with a date and holds nothing before it but a
 * label ("填报日期：") or the signing agency — a date inside a sentence is not one.
 */
function dateLine(text: string): string | null {
  const c = compactText(text).replace(/[)）]$/, '');
  if (!c || c.length > 60) return null;
  const m = DATE_AT_END_RE.exec(c);
  if (!m) return null;
  const before = c.slice(0, m.index).replace(/[(（]$/, '');
  return !before || /日期[:：]?$/.test(before) || isAgencyName(before) ? parseDate(repairDate(c.slice(m.index))) : null;
}

/**
 * The last signature date in the document (a title found late, e.g. on an OCR page, does not
 * hide it) or, failing that, a date printed under the title.
 */
function publishedOnIn(lines: readonly string[], titleIndex: number): string | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const date = i === titleIndex ? null : dateLine(lines[i]!);
    if (date) return date;
  }
  for (const line of lines.slice(titleIndex + 1, titleIndex + 4)) {
    const c = compactText(line);
    if (c.length <= 40 || /(?:日期|时间)[:：]/.test(c)) {
      const date = parseDate(c);
      if (date) return date;
    }
  }
  return null;
}

export function extractMetadata(layout: DocumentLayout): ReportMetadata {
  const lines = layout.lines.filter((l) => !l.inTable).map((l) => l.text);
  const inText = findTitle(lines);
  const title = inText?.title ?? findTitle([layout.cms?.title ?? '', layout.pageTitle ?? ''].filter(Boolean))?.title ?? null;
  const fromTitle = title ? agencyInTitle(title) : null;
  const signature = signatureAgency(lines);
  const agency =
    (fromTitle && sameBodyAsSigned(completeAgency(fromTitle, [...lines, layout.cms?.publisher ?? '']), lines, signature)) ??
    signature ??
    layout.cms?.publisher ??
    null;
  return {
    title,
    agency,
    year: (title ? yearOf(title) : null) ?? yearInText(lines),
    publishedOn: publishedOnIn(lines, inText?.index ?? -1) ?? layout.cms?.publishedOn ?? null,
  };
}
