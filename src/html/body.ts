/**
 * The article body of a saved page and its blocks in reading order.
 *
 * Where the body is: Hanweb marks it with ContentStart/ContentEnd (comments, or <meta> tags
 * that the parser leaves in place); TRS wraps it in `.TRS_Editor`; otherwise a known content
 * container, and last the element holding most of the page's Chinese text outside links and
 * page chrome. What comes out: one block per paragraph, heading, list item or div with its own
 * text (a <br> also ends a block), and the data tables in their place. Scripts, styles, hidden
 * elements, script links (打印, 大 中 小), share/print/close controls and layout tables' frames
 * are left out.
 */
import type { CheerioAPI } from 'cheerio';
import type { CmsSystem } from './cms.js';
import { countMetadataLabels } from './cms.js';
import {
  type AnyNode,
  BLOCK_TAGS,
  childElements,
  cleanLine,
  commonAncestor,
  type Element,
  isElement,
  isHidden,
  isScriptLink,
  SKIPPED_TAGS,
} from './dom.js';
import { cellText, isLayoutTable, rowCells, tableRows } from './tables.js';

/** Where the article body is and how it was found. */
export interface ArticleBody {
  root: Element;
  /** Content starts after this node and ends before `end` (Hanweb markers). */
  start?: AnyNode;
  end?: AnyNode;
  via: 'markers' | 'trs' | 'container' | 'generic';
}

export type BodyItem = { kind: 'block'; text: string } | { kind: 'table'; element: Element };

/**
 * Containers that CMS templates put the article text in, most specific first. Generic names
 * (#content, .content) are left to the text-weight search: templates use them for wrappers.
 */
const CONTENT_CONTAINERS = [
  '#zoom',
  '#Zoom',
  '.bt_content',
  '#UCAP-CONTENT',
  '.article_content',
  '.article-content',
  '.pages_content',
];

/** Page chrome by element name. */
const CHROME_TAGS: ReadonlySet<string> = new Set(['nav', 'header', 'footer', 'aside']);

/** Longer than this, an element with a chrome-like class is a content area (id="print_content"). */
const CHROME_MAX_CHARS = 200;

/** Page chrome by class or id token (share buttons, print/close links, QR codes, font size). */
const CHROME_CLASS_RE =
  /(?:^|[\s_-])(?:share|print|close|qrcode|ewm|bdshare|jiathis|toolbar|fontsize|zihao|article_size)(?:$|[\s_-])/i;

/** Block texts that are controls, not content ([打印本页] [关闭窗口], 分享到：…). */
const CHROME_TOKEN_RE = /[[【]?(?:打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|返回顶部|收藏本页|收藏|保存本页)[\]】]?/g;
const CHROME_PREFIX_RE = /^(?:分享到|扫一扫在手机|扫一扫|字号[:]?\s*大|【字体|\[字体|上一篇|下一篇|相关链接|责任编辑)/;

/** True for a block that is only page controls (打印本页, 关闭窗口, 分享到, …). */
export function isChromeText(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  if (compact === '') return true;
  if (CHROME_PREFIX_RE.test(compact)) return true;
  return compact.replace(CHROME_TOKEN_RE, '') === '';
}

/** True for elements that are page chrome rather than article content. */
export function isChromeElement($: CheerioAPI, el: Element): boolean {
  if (CHROME_TAGS.has(el.name)) return true;
  const tokens = `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`;
  return CHROME_CLASS_RE.test(tokens) && cleanLine($(el).text()).length <= CHROME_MAX_CHARS;
}

function isMarker(node: AnyNode, which: 'Start' | 'End'): boolean {
  if (node.type === 'comment') return node.data.trim().toLowerCase() === `content${which.toLowerCase()}`;
  return (
    isElement(node) && node.name === 'meta' && (node.attribs['name'] ?? '').toLowerCase() === `content${which.toLowerCase()}`
  );
}

function findMarkers(root: AnyNode): { start?: AnyNode; end?: AnyNode } {
  const found: { start?: AnyNode; end?: AnyNode } = {};
  const walk = (node: AnyNode): void => {
    if (found.start === undefined && isMarker(node, 'Start')) found.start = node;
    else if (found.start !== undefined && found.end === undefined && isMarker(node, 'End')) found.end = node;
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(root);
  return found;
}

/** Non-link Chinese characters under each element, outside chrome: the generic body score. */
function cjkScores($: CheerioAPI, root: Element): Map<Element, number> {
  const scores = new Map<Element, number>();
  const score = (node: AnyNode): number => {
    if (node.type === 'text') return (node.data.match(/[\u3400-\u9fff]/g) ?? []).length;
    if (!isElement(node)) return 0;
    if (SKIPPED_TAGS.has(node.name) || isHidden(node) || isChromeElement($, node)) return 0;
    let sum = 0;
    for (const child of node.children) sum += score(child);
    if (node.name === 'a') sum = 0; // link text is navigation, even where it is long
    scores.set(node, sum);
    return sum;
  };
  score(root);
  return scores;
}

/** The deepest element that still holds most (60 %) of the page's article-like text. */
function genericBody($: CheerioAPI): Element | undefined {
  const body = $('body').get(0);
  if (body === undefined) return undefined;
  const scores = cjkScores($, body);
  const total = scores.get(body) ?? 0;
  let cur = body;
  for (;;) {
    const next = childElements(cur).find((child) => (scores.get(child) ?? 0) >= 0.6 * total);
    if (next === undefined || total === 0) return cur;
    cur = next;
  }
}

/** Locates the article body (see the module comment). */
export function findArticleBody($: CheerioAPI, system: CmsSystem): ArticleBody | undefined {
  const doc = $.root().get(0);
  if (doc === undefined) return undefined;
  const markers = findMarkers(doc);
  if (markers.start !== undefined) {
    const root = commonAncestor(markers.end === undefined ? [markers.start] : [markers.start, markers.end]);
    if (root !== undefined) {
      const body: ArticleBody = { root, start: markers.start, via: 'markers' };
      if (markers.end !== undefined) body.end = markers.end;
      return body;
    }
  }
  const editors = $('.TRS_Editor, .TRS_UEDITOR, #TRS_Editor').toArray();
  if (editors.length > 0 && system !== 'hanweb') {
    const root = commonAncestor(editors);
    if (root !== undefined) return { root, via: 'trs' };
  }
  for (const selector of CONTENT_CONTAINERS) {
    const el = $(selector)
      .toArray()
      .filter(isElement)
      .find((e) => cleanLine($(e).text()).length > 0);
    if (el !== undefined) return { root: el, via: 'container' };
  }
  const root = genericBody($);
  return root === undefined ? undefined : { root, via: 'generic' };
}

/** True for a CMS metadata box (索引号 | 发布机构 …) that a template put inside the body. */
function isMetadataTable(table: Element): boolean {
  const texts = tableRows(table).flatMap((tr) => rowCells(tr).map((cell) => cellText(cell)));
  return countMetadataLabels(texts) >= 2;
}

/** The tables inside a table's own cells (not those nested deeper). */
function nestedTables(table: Element): Element[] {
  const out: Element[] = [];
  const visit = (el: Element): void => {
    for (const child of childElements(el)) {
      if (child.name === 'table') out.push(child);
      else visit(child);
    }
  };
  for (const tr of tableRows(table)) for (const cell of rowCells(tr)) visit(cell);
  return out;
}

/** Blocks and data tables of the body, in document order. */
export function bodyItems($: CheerioAPI, body: ArticleBody): BodyItem[] {
  const items: BodyItem[] = [];
  let active = body.start === undefined;
  let done = false;
  let buf = '';
  const flush = (): void => {
    if (active) {
      const text = cleanLine(buf);
      if (text !== '' && !isChromeText(text)) items.push({ kind: 'block', text });
    }
    buf = '';
  };
  // A table inside a cell of a data table is a table of its own, after the outer one.
  const pushTable = (table: Element): void => {
    if (isMetadataTable(table)) return;
    if (!isLayoutTable(table)) items.push({ kind: 'table', element: table });
    nestedTables(table).forEach(pushTable);
  };
  const walk = (node: AnyNode): void => {
    if (done) return;
    if (node === body.start) {
      flush();
      active = true;
      return;
    }
    if (node === body.end) {
      flush();
      done = true;
      return;
    }
    if (node.type === 'text') {
      if (active) buf += node.data;
      return;
    }
    if (!isElement(node)) return;
    if (SKIPPED_TAGS.has(node.name) || isHidden(node) || isScriptLink(node)) return;
    if (active && isChromeElement($, node)) return;
    if (node.name === 'br' || node.name === 'hr') return flush();
    if (node.name === 'table' && active) {
      if (isMetadataTable(node)) return;
      if (!isLayoutTable(node)) {
        flush();
        pushTable(node);
        return;
      }
    }
    const block = BLOCK_TAGS.has(node.name);
    if (block) flush();
    for (const child of node.children) walk(child);
    if (block) flush();
  };
  for (const child of body.root.children) walk(child);
  flush();
  return items;
}
