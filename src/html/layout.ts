/**
 * HtmlDocument → DocumentLayout: a web page has no geometry, so every block becomes one line
 * on page 1 with a zero box, and the sections come from the numbered headings of the report
 * (一、 level 1, （一） level 2, 1. / 1、 level 3).
 */
import type { DocumentLayout, DocumentWarning, HtmlDocument, Section, TextLine } from '../model.js';

const CN_NUMBER = '[一二三四五六七八九十]{1,3}';

/** Heading numbers by level; blocks are NFKC-normalized, so （一） arrives as (一). */
const HEADING_NUMBER_RES: readonly [RegExp, number][] = [
  [new RegExp(`^${CN_NUMBER}[、.](?!\\d)`), 1],
  [new RegExp(`^[(]${CN_NUMBER}[)]`), 2],
  // 1. / 1、 / 1) but not 3.5 (a decimal at the start of a sentence).
  [/^\d{1,2}(?:[、]|\.(?!\d)|[)])/, 3],
];

/** A heading is at most this long; a longer numbered block is a numbered paragraph. */
const MAX_HEADING_CHARS = 50;

/** Where a heading run into its paragraph ends (一、概述。2018年…). */
const HEADING_END_RE = /[。!?;:]/;

/** A list mark that some editors put before the number ("- (二)主动公开…"). */
const BULLET_RE = /^[-•·*]\s*/;

/** The heading level of a block's number, or undefined when it does not start with one. */
export function headingLevel(block: string): number | undefined {
  const text = block.replace(BULLET_RE, '');
  return HEADING_NUMBER_RES.find(([re]) => re.test(text))?.[1];
}

/**
 * Splits a block into heading and text when it starts with a heading number: the whole block
 * when it is short, else the part before the first 。/：/； when that part is short. Undefined
 * for a block that is not a heading (no number, or a long numbered paragraph).
 */
export function splitHeading(block: string): { heading: string; level: number; text: string } | undefined {
  const level = headingLevel(block);
  if (level === undefined) return undefined;
  const text = block.replace(BULLET_RE, '').trim();
  const end = HEADING_END_RE.exec(text);
  if (end !== null && end.index <= MAX_HEADING_CHARS) {
    const heading = text.slice(0, end.index).trim();
    const rest = text.slice(end.index + 1).trim();
    // "一、概述：" with nothing after the colon is still the whole heading.
    return { heading, level, text: rest };
  }
  if (text.length <= MAX_HEADING_CHARS) return { heading: text, level, text: '' };
  return undefined;
}

/** Sections of the report in order; blocks before the first heading belong to none. */
export function sectionsFromBlocks(blocks: readonly string[]): Section[] {
  const sections: Section[] = [];
  let current: { heading: string; level: number; parts: string[] } | undefined;
  const close = (): void => {
    if (current !== undefined) sections.push({ heading: current.heading, level: current.level, text: current.parts.join('\n') });
  };
  for (const block of blocks) {
    const head = splitHeading(block);
    if (head === undefined) {
      current?.parts.push(block);
      continue;
    }
    close();
    current = { heading: head.heading, level: head.level, parts: head.text === '' ? [] : [head.text] };
  }
  close();
  return sections;
}

/** The layout of a web page (see the module comment). */
export function layoutFromHtml(doc: HtmlDocument): DocumentLayout {
  const lines: TextLine[] = doc.blocks.map((text) => ({ page: 1, text, bbox: [0, 0, 0, 0], fontSize: 0 }));
  const warnings: DocumentWarning[] = [];
  if (doc.blocks.length === 0 && doc.tables.length === 0) {
    warnings.push({ code: 'HTML_NO_CONTENT', message: 'No article text or table was found on the web page', page: 1 });
  }
  const layout: DocumentLayout = {
    pages: 1,
    lines,
    sections: sectionsFromBlocks(doc.blocks),
    tables: doc.tables,
    cms: doc.cms,
    warnings,
  };
  if (doc.pageTitle !== undefined) layout.pageTitle = doc.pageTitle;
  return layout;
}
