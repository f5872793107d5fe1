/**
 * Body lines → paragraphs → sections headed by 一、 / （一） / 1. headings.
 */
import type { Section, TextLine } from '../model.js';
import { joinWrapped } from './lines.js';

/** Level 1 一、 … 十二、; level 2 （一） / (一); level 3 1. / 1、 (not 1.5). */
const HEADING_RES: readonly [RegExp, number][] = [
  [/^[一二三四五六七八九十]{1,3}\s*[、.．]/, 1],
  [/^[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]/, 2],
  [/^\d{1,2}\s*[.、．](?!\d)/, 3],
];
const BULLET_RE = /^[-–•·●▪■◆*]\s*/;
/** A heading runs to the first of these when it comes within HEADING_MAX_CHARS. */
const HEADING_END_RE = /[。；;：:]/;
const HEADING_MAX_CHARS = 40;
/** A line indented by more than this share of its font size starts a paragraph. */
const INDENT_EM = 0.8;
/** A line ending this many font sizes short of the right margin ends its paragraph. */
const SHORT_LINE_EM = 2;
/** A line starting this many font sizes right of the margin is centred or right-aligned
 * (a first-line indent is 2 em). */
const CENTRED_EM = 3.5;

export interface Paragraph {
  text: string;
  /** The paragraph's first line, for heading decisions. */
  firstLine: TextLine;
  lineCount: number;
}

/** The heading level of a text (1..3), or 0 when it does not start with a heading number. */
export function headingLevel(text: string): number {
  const t = stripBullet(text);
  for (const [re, level] of HEADING_RES) if (re.test(t)) return level;
  return 0;
}

/**
 * Paragraphs of body lines (lines inside tables must already be removed). A paragraph starts
 * at an indented line, after a short line, at a heading or on a change of font size; its
 * wrapped lines (also over a page break) are joined without spaces.
 */
export function buildParagraphs(lines: readonly TextLine[]): Paragraph[] {
  const margins = pageMargins(lines);
  const paras: { lines: TextLine[] }[] = [];
  let prev: TextLine | null = null;
  for (const line of lines) {
    const m = margins.get(line.page) ?? { left: line.bbox[0], right: line.bbox[2] };
    const em = line.fontSize;
    const startsNew =
      !prev ||
      line.bbox[0] > m.left + INDENT_EM * em ||
      headingLevel(line.text) > 0 ||
      prev.bbox[2] < (margins.get(prev.page)?.right ?? prev.bbox[2]) - SHORT_LINE_EM * prev.fontSize ||
      Math.abs(prev.fontSize - line.fontSize) > 0.15 * em ||
      // Centred or right-aligned lines (titles, signatures) stand alone.
      prev.bbox[0] > (margins.get(prev.page)?.left ?? prev.bbox[0]) + CENTRED_EM * prev.fontSize;
    if (startsNew) paras.push({ lines: [line] });
    else paras[paras.length - 1]!.lines.push(line);
    prev = line;
  }
  return paras.map((p) => ({
    text: joinWrapped(p.lines.map((l) => l.text)),
    firstLine: p.lines[0]!,
    lineCount: p.lines.length,
  }));
}

/** Sections in document order; text before the first heading is not part of any section. */
export function buildSections(lines: readonly TextLine[]): Section[] {
  const sections: Section[] = [];
  for (const para of buildParagraphs(lines)) {
    const level = headingLevel(para.text);
    if (level > 0) {
      const [heading, rest] = splitHeading(para);
      sections.push({ heading, level, text: rest });
    } else {
      const cur = sections[sections.length - 1];
      if (cur) cur.text = cur.text === '' ? para.text : `${cur.text}\n${para.text}`;
    }
  }
  return sections;
}

/**
 * Splits a heading paragraph into the heading and the text that runs on after it:
 * "（一）主动公开情况。2023年，…" → ["（一）主动公开情况", "2023年，…"].
 */
export function splitHeading(para: Paragraph): [string, string] {
  const text = stripBullet(para.text);
  const end = text.search(HEADING_END_RE);
  if (end > 0 && end <= HEADING_MAX_CHARS) {
    return [text.slice(0, end).trim(), text.slice(end + 1).trim()];
  }
  // A heading wrapped over two lines has no full stop: the whole paragraph is the heading.
  if (end < 0 && text.length <= 2 * HEADING_MAX_CHARS) return [text.trim(), ''];
  if (para.lineCount === 1 || text.length <= HEADING_MAX_CHARS) return [text.trim(), ''];
  const first = stripBullet(para.firstLine.text);
  return [first, text.slice(first.length).trim()];
}

/** List bullets that web pages put before headings ("- （三）…"). */
function stripBullet(text: string): string {
  return text.trim().replace(BULLET_RE, '');
}

/**
 * Left margin and right margin of the body text on each page. The left margin is the
 * smallest line start shared by two lines (indented first lines and centred titles start
 * further right); the right margin is the furthest line end (justified lines reach it).
 */
function pageMargins(lines: readonly TextLine[]): Map<number, { left: number; right: number }> {
  const byPage = new Map<number, TextLine[]>();
  for (const l of lines) byPage.set(l.page, [...(byPage.get(l.page) ?? []), l]);
  const out = new Map<number, { left: number; right: number }>();
  for (const [page, ls] of byPage) {
    const starts = ls.map((l) => l.bbox[0]).sort((a, b) => a - b);
    const shared = starts.find((x, i) => i + 1 < starts.length && starts[i + 1]! - x <= 2);
    out.set(page, { left: shared ?? starts[0]!, right: Math.max(...ls.map((l) => l.bbox[2])) });
  }
  return out;
}
