/**
 * Small DOM helpers shared by the HTML stage: which elements are blocks, which are never
 * content, and the text of a subtree as lines (line breaks at <br> and block boundaries).
 * cheerio's `.text()` is the textContent, which runs paragraphs together and includes nested
 * tables and scripts, so cell and block text is collected here instead.
 */
import type { AnyNode, Element } from 'domhandler';
import { closeCjkGaps, tidyText } from '../text/normalize-text.js';

export type { AnyNode, Element };

/** Elements that start a new line of text. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Elements whose content is never page text (scripts run nothing here: they are skipped). */
export const SKIPPED_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'canvas',
  'audio',
  'video',
  'select',
  'option',
  'textarea',
  'button',
  'input',
  'head',
  'title',
  'meta',
  'link',
  'map',
  'img',
]);

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** True when inline style hides the element (the Hanweb footer hides its "Produced By" link). */
export function isHidden(el: Element): boolean {
  const style = (el.attribs['style'] ?? '').replace(/\s+/g, '').toLowerCase();
  return style.includes('display:none') || style.includes('visibility:hidden') || el.attribs['hidden'] !== undefined;
}

/** A link that would run script: its text is a control (打印, 大 中 小), not content. */
export function isScriptLink(el: Element): boolean {
  return el.name === 'a' && /^\s*javascript:/i.test(el.attribs['href'] ?? '');
}

/** Element children only. */
export function childElements(el: Element): Element[] {
  return el.children.filter(isElement);
}

/** Raw white space of markup, folded before CJK gaps are closed. */
const RAW_SPACE_RE = /[\s\u00A0\u3000\u200B-\u200D\uFEFF]+/g;

/**
 * Tidied text of one line: white space folded, the gaps between CJK characters closed, NFKC.
 * The gaps are closed before NFKC, while full-width punctuation still counts as CJK, so
 * "其中：\n政府网站" becomes "其中:政府网站" and not "其中: 政府网站".
 */
export function cleanLine(s: string): string {
  return closeCjkGaps(tidyText(closeCjkGaps(s.replace(RAW_SPACE_RE, ' '))));
}

/** The raw lines of a subtree (see textLines); white space is not yet folded. */
function rawLines(root: Element, includeTables: boolean): string[] {
  const lines: string[] = [];
  let buf = '';
  const flush = (): void => {
    if (buf.trim() !== '') lines.push(buf);
    buf = '';
  };
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      buf += node.data;
      return;
    }
    if (!isElement(node)) return;
    if (SKIPPED_TAGS.has(node.name) || isHidden(node) || isScriptLink(node)) return;
    if (node.name === 'br') return flush();
    if (node.name === 'table' && !includeTables) return flush();
    const block = BLOCK_TAGS.has(node.name);
    if (block) flush();
    for (const child of node.children) walk(child);
    if (block) flush();
  };
  for (const child of root.children) walk(child);
  flush();
  return lines;
}

/**
 * The text of a subtree as lines, breaking at <br> and block elements; skips scripts, hidden
 * elements, script links and (unless `includeTables`) nested tables.
 */
export function textLines(root: Element, includeTables = false): string[] {
  return rawLines(root, includeTables)
    .map(cleanLine)
    .filter((line) => line !== '');
}

/**
 * The whole text of a subtree on one line: its lines joined without a gap between CJK
 * characters (a cell's "主动公开<br>文件数" is 主动公开文件数), with one space elsewhere.
 */
export function elementText(el: Element, includeTables = false): string {
  return cleanLine(rawLines(el, includeTables).join(' '));
}

/** The ancestors of a node, nearest first. */
export function ancestors(node: AnyNode): Element[] {
  const out: Element[] = [];
  for (let p = node.parent; p !== null; p = p.parent) if (isElement(p)) out.push(p);
  return out;
}

/** True when `node` is `container` or lies inside it. */
export function isInside(node: AnyNode, container: AnyNode): boolean {
  for (let p: AnyNode | null = node; p !== null; p = p.parent) if (p === container) return true;
  return false;
}

/** The deepest element containing all the nodes (undefined when they share no element). */
export function commonAncestor(nodes: readonly AnyNode[]): Element | undefined {
  const [first, ...rest] = nodes;
  if (first === undefined) return undefined;
  const candidates = isElement(first) ? [first, ...ancestors(first)] : ancestors(first);
  return candidates.find((c) => rest.every((n) => isInside(n, c)));
}
