/**
 * Which CMS published a page, and the metadata it prints around the article: the 索引号 /
 * 发布机构 / 发布日期 / 公开方式 box of a 政府信息公开 page, and the breadcrumb.
 *
 * The box comes in three shapes, all read by one scanner: label and value in neighbouring
 * cells (TRS: 索 引 号： | 1164…), a row of labels over a row of values (Hanweb: 索引号 |
 * 公开方式 | 发布机构, then the values), and "label: value" runs inside one element
 * (信息来源: … 发布日期: … 浏览次数: …). Labels are compared with all white space removed
 * and colons folded, so "索　引　号：" and "索引号:" are the same label.
 */
import type { CheerioAPI } from 'cheerio';
import type { CmsMetadata } from '../model.js';
import { compactText, normalizeText } from '../text/normalize-text.js';
import {
  type AnyNode,
  BLOCK_TAGS,
  type Element,
  childElements,
  cleanLine,
  elementText,
  isElement,
  isHidden,
  isInside,
  isScriptLink,
  SKIPPED_TAGS,
} from './dom.js';
import { rowCells } from './tables.js';

export type CmsSystem = CmsMetadata['system'];

/** What a printed label stands for. `stop` labels only end the value before them. */
type LabelField =
  'indexNo' | 'publisher' | 'issuer' | 'source' | 'publishedOn' | 'writtenOn' | 'time' | 'disclosure' | 'title' | 'stop';

const LABEL_TABLE: Readonly<Record<string, LabelField>> = {
  索引号: 'indexNo',
  信息索引号: 'indexNo',
  索取号: 'indexNo',
  发布机构: 'publisher',
  发布单位: 'publisher',
  公开机构: 'publisher',
  发布部门: 'publisher',
  发文机关: 'issuer',
  发文单位: 'issuer',
  发文机构: 'issuer',
  制发机关: 'issuer',
  信息来源: 'source',
  来源: 'source',
  文章来源: 'source',
  发布日期: 'publishedOn',
  发布时间: 'publishedOn',
  公开日期: 'publishedOn',
  公开时间: 'publishedOn',
  成文日期: 'writtenOn',
  生成日期: 'writtenOn',
  成文时间: 'writtenOn',
  印发日期: 'writtenOn',
  时间: 'time',
  日期: 'time',
  更新时间: 'time',
  公开方式: 'disclosure',
  公开形式: 'disclosure',
  公开属性: 'disclosure',
  名称: 'title',
  标题: 'title',
  文件名称: 'title',
  信息名称: 'title',
  文章标题: 'title',
  主题分类: 'stop',
  分类: 'stop',
  信息分类: 'stop',
  文号: 'stop',
  发文字号: 'stop',
  文件编号: 'stop',
  公开范围: 'stop',
  公开时限: 'stop',
  有效性: 'stop',
  时效: 'stop',
  浏览次数: 'stop',
  访问次数: 'stop',
  点击数: 'stop',
  点击率: 'stop',
  阅读次数: 'stop',
  浏览量: 'stop',
  字号: 'stop',
  关键词: 'stop',
  主题词: 'stop',
  体裁分类: 'stop',
  组配分类: 'stop',
  服务对象: 'stop',
  作者: 'stop',
  发布人: 'stop',
  责任部门: 'stop',
  生效日期: 'stop',
  废止日期: 'stop',
  所属主题: 'stop',
  编号: 'stop',
  内容概述: 'stop',
  主题: 'stop',
  体裁: 'stop',
  载体类型: 'stop',
  统一编号: 'stop',
  字体: 'stop',
  视力保护色: 'stop',
};

const LABELS: ReadonlyMap<string, LabelField> = new Map(Object.entries(LABEL_TABLE));

/** Longest first, so that 信息来源 wins over 来源 and 发布时间 over 时间. */
const LABEL_NAMES = [...LABELS.keys()].sort((a, b) => b.length - a.length);

/** "索 引 号 :" with any white space between the characters; the colon is required. */
const INLINE_LABEL_RE = new RegExp(`(${LABEL_NAMES.map((l) => [...l].join('\\s*')).join('|')})\\s*[:]`, 'g');

/** Preference among the sources of one field: lower rank wins, then document order. */
const RANK = { meta: 0, exact: 1, related: 2, weak: 3 } as const;

interface Candidate {
  value: string;
  rank: number;
  order: number;
}

type Field = 'indexNo' | 'publisher' | 'publishedOn' | 'disclosure' | 'title';

/** The compact form of a label cell's text: white space, colons and brackets removed. */
export function labelKey(text: string): string {
  return compactText(text)
    .replace(/^[[【]|[\]】]$/g, '')
    .replace(/[:]+$/, '');
}

/** The field a cell's whole text names, if it is a metadata label ("索 引 号：" → indexNo). */
export function labelField(text: string): LabelField | undefined {
  const key = labelKey(text);
  return key.length <= 8 ? LABELS.get(key) : undefined;
}

/** Number of cells in a table's text that are metadata labels (used to skip the box). */
export function countMetadataLabels(cellTexts: readonly string[]): number {
  return cellTexts.filter((t) => {
    const field = labelField(t);
    return field !== undefined && field !== 'stop' && field !== 'time';
  }).length;
}

/**
 * YYYY-MM-DD from a printed date: 2018-01-02, 2018/1/2, 2018.1.2, 2018年1月2日, with or
 * without a time after it. Undefined when there is no valid date in the text.
 */
export function normalizeDate(text: string): string | undefined {
  const m = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)/.exec(normalizeText(text));
  if (m === null) return undefined;
  const [, y, mo, d] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined; // 2月30日
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Scores the markers each CMS leaves; the higher score wins, 'other' when neither has one. */
export function detectCms($: CheerioAPI, html: string): CmsSystem {
  const generator = normalizeText(
    $('meta[name="generator" i], meta[name="author" i]')
      .map((_, el) => $(el).attr('content') ?? '')
      .get()
      .join(' '),
  );
  let hanweb = 0;
  let trs = 0;
  if (/大汉|hanweb/i.test(generator)) hanweb += 3;
  if (/\bTRS\b|WCM/i.test(generator)) trs += 3;
  if ($('meta[name="ContentStart" i], meta[name="ContentEnd" i]').length > 0) hanweb += 2;
  if (/<!--\s*Content(Start|End)\s*-->/i.test(html)) hanweb += 2;
  if (/Produced\s+By\s+大汉网络/i.test(html)) hanweb += 2;
  if ($('.TRS_Editor, #TRS_Editor, .TRS_UEDITOR, [class*="TRS_Editor"], [id*="TRS_Editor"]').length > 0) trs += 2;
  if (/<!--\s*<?\/?TRS_|<TRS_|TRS_PreAppend|TRS_AUTOADD/i.test(html)) trs += 1;
  if ($('a.CurrChnlCls').length > 0) trs += 1; // the class TRS WCM gives channel links
  if (hanweb === 0 && trs === 0) return 'other';
  return hanweb >= trs ? 'hanweb' : 'trs';
}

function metaContent($: CheerioAPI, name: string): string | undefined {
  const value = $(`meta[name="${name}" i]`).first().attr('content');
  const text = value === undefined ? '' : cleanLine(value);
  return text === '' ? undefined : text;
}

/** The page's own address as the page states it (meta Url, canonical link, og:url). */
function pageUrl($: CheerioAPI): string | undefined {
  const url =
    $('meta[name="Url" i]').first().attr('content') ??
    $('link[rel="canonical" i]').first().attr('href') ??
    $('meta[property="og:url" i]').first().attr('content');
  const trimmed = url?.trim();
  return trimmed !== undefined && /^https?:\/\//i.test(trimmed) ? trimmed : undefined;
}

/** Field values found on the page, each with its rank and position. */
class CandidateSet {
  private readonly byField = new Map<Field, Candidate[]>();
  private order = 0;

  add(field: Field, raw: string | undefined, rank: number): void {
    if (raw === undefined) return;
    const value = field === 'publishedOn' ? normalizeDate(raw) : cleanValue(raw);
    if (value === undefined || value === '') return;
    const list = this.byField.get(field) ?? [];
    list.push({ value, rank, order: this.order++ });
    this.byField.set(field, list);
  }

  addLabelled(label: LabelField, raw: string): void {
    switch (label) {
      case 'indexNo':
      case 'disclosure':
      case 'title':
        return this.add(label, raw, RANK.exact);
      case 'publisher':
        return this.add('publisher', raw, RANK.exact);
      case 'issuer':
      case 'source':
        return this.add('publisher', raw, RANK.weak);
      case 'publishedOn':
        return this.add('publishedOn', raw, RANK.exact);
      case 'writtenOn':
        return this.add('publishedOn', raw, RANK.related);
      case 'time':
        return this.add('publishedOn', raw, RANK.weak);
      case 'stop':
        return;
    }
  }

  best(field: Field): string | undefined {
    const list = this.byField.get(field) ?? [];
    return [...list].sort((a, b) => a.rank - b.rank || a.order - b.order)[0]?.value;
  }
}

function cleanValue(raw: string): string {
  return cleanLine(raw)
    .replace(/^[:\s]+/, '')
    .trim();
}

/** True for elements whose text is one label or one run of "label: value" pairs. */
function isLeafBlock(el: Element): boolean {
  const stack = [...childElements(el)];
  while (stack.length > 0) {
    const child = stack.pop();
    if (child === undefined) break;
    if (BLOCK_TAGS.has(child.name) || child.name === 'br') return false;
    stack.push(...childElements(child));
  }
  return true;
}

/**
 * The value cell that belongs to a label cell: the cell under it when its row holds only
 * labels (Hanweb), else the next element after it (TRS td pairs, dt/dd, span pairs).
 */
function valueForLabelCell(el: Element): string | undefined {
  const cell = el.name === 'td' || el.name === 'th' ? el : closestCell(el);
  if (cell !== undefined && cell.parent !== null && isElement(cell.parent) && cell.parent.name === 'tr') {
    const row = cell.parent;
    const cells = rowCells(row);
    if (cells.length >= 2 && cells.every((c) => labelField(elementText(c)) !== undefined)) {
      const next = nextElementSibling(row, 'tr');
      const index = cells.indexOf(cell);
      const below = next === undefined ? undefined : rowCells(next)[index];
      return below === undefined ? undefined : elementText(below);
    }
  }
  // Climb while the label is the whole text of its parent (<td><b>索引号：</b></td>).
  let cur: Element = el;
  for (;;) {
    const next = nextElementSibling(cur);
    if (next !== undefined) {
      const text = elementText(next);
      return labelField(text) === undefined ? text : undefined;
    }
    const parent = cur.parent;
    if (parent === null || !isElement(parent) || labelKey(elementText(parent)) !== labelKey(elementText(cur))) {
      return undefined;
    }
    cur = parent;
  }
}

function closestCell(el: Element): Element | undefined {
  for (let p = el.parent; p !== null; p = p.parent) {
    if (!isElement(p)) continue;
    if (p.name === 'td' || p.name === 'th') return labelKey(elementText(p)) === labelKey(elementText(el)) ? p : undefined;
    if (p.name === 'tr' || p.name === 'table') return undefined;
  }
  return undefined;
}

function nextElementSibling(el: Element, name?: string): Element | undefined {
  for (let n = el.next; n !== null; n = n.next) {
    if (isElement(n) && (name === undefined || n.name === name)) return n;
  }
  return undefined;
}

/** "信息来源: A 发布日期: 2018-02-01 浏览次数:" → [source, A], [publishedOn, 2018-02-01], … */
export function inlinePairs(text: string): [LabelField, string][] {
  const t = normalizeText(text);
  const hits = [...t.matchAll(INLINE_LABEL_RE)];
  return hits.flatMap((hit, i): [LabelField, string][] => {
    const label = LABELS.get((hit[1] ?? '').replace(/\s+/g, ''));
    if (label === undefined || label === 'stop') return [];
    const start = (hit.index ?? 0) + hit[0].length;
    const end = hits[i + 1]?.index ?? t.length;
    return [[label, t.slice(start, end)]];
  });
}

const LOCATION_RE = /^\s*(?:您?(?:现在|当前)?(?:所在)?的?位置(?:是)?|当前(?:的)?位置|所在位置|当前栏目)\s*[:>]?\s*/;
const CRUMB_SEPARATOR_RE = /\s*(?:>|»|›|→|≫|〉|->|=>)\s*/;

/** Breadcrumb items of a crumb element: its text split at separators, else its link texts. */
function crumbItems(el: Element, $: CheerioAPI): string[] {
  const text = elementText(el).replace(LOCATION_RE, '').trim();
  const parts = text
    .split(CRUMB_SEPARATOR_RE)
    .map((s) => cleanLine(s))
    .filter((s) => s !== '');
  if (parts.length >= 2) return parts;
  const links = $(el)
    .find('a')
    .toArray()
    .filter((a) => !isScriptLink(a) && !isHidden(a))
    .map((a) => cleanLine($(a).text()))
    .filter((s) => s !== '');
  return links.length >= 1 ? links : parts;
}

/** The breadcrumb: the element after 当前位置 / 您现在的位置, else a crumb-classed element. */
export function extractBreadcrumb($: CheerioAPI): string[] | undefined {
  let best: Element | undefined;
  for (const el of $('body *').toArray()) {
    if (SKIPPED_TAGS.has(el.name) || isHidden(el)) continue;
    const text = compactText($(el).text());
    const m = LOCATION_RE.exec(text);
    if (m === null || text.length === m[0].length) continue;
    if (best === undefined || isInside(el, best)) best = el; // the deepest one
  }
  if (best === undefined) {
    best = $(
      '.breadcrumb, .crumb, .crumbs, [class*="bread"], [class*="crumb"], [class*="position"], [class*="location"], [class="dqwz"]',
    )
      .toArray()
      .find((el) => $(el).find('a').length >= 2);
  }
  if (best === undefined) return undefined;
  const items = crumbItems(best, $);
  return items.length > 0 ? items : undefined;
}

export interface CmsScanOptions {
  /** The article body: its text is content, never metadata, so it is not scanned. */
  exclude?: AnyNode;
  url?: string;
}

/** CMS system and metadata of a page (see the module comment). */
export function extractCmsMetadata($: CheerioAPI, html: string, opts: CmsScanOptions = {}): CmsMetadata {
  const found = new CandidateSet();
  found.add('title', metaContent($, 'ArticleTitle'), RANK.meta);
  found.add('publishedOn', metaContent($, 'PubDate'), RANK.meta);
  // ContentSource is 信息来源, which is usually but not always the 发布机构: below a printed 发布机构.
  found.add('publisher', metaContent($, 'ContentSource'), RANK.related);

  for (const el of $('body *').toArray()) {
    if (opts.exclude !== undefined && isInside(el, opts.exclude)) continue;
    if (SKIPPED_TAGS.has(el.name) || isHidden(el) || !isLeafBlock(el)) continue;
    const text = elementText(el);
    if (text === '' || text.length > 300) continue;
    const label = labelField(text);
    if (label !== undefined) {
      const value = valueForLabelCell(el);
      if (value !== undefined) found.addLabelled(label, value);
      continue;
    }
    for (const [field, value] of inlinePairs(text)) found.addLabelled(field, value);
  }

  const breadcrumb = extractBreadcrumb($);
  const url = opts.url ?? pageUrl($);
  const meta: CmsMetadata = { system: detectCms($, html) };
  const fields: Field[] = ['indexNo', 'publisher', 'publishedOn', 'disclosure', 'title'];
  for (const field of fields) {
    const value = found.best(field);
    if (value !== undefined) meta[field] = value;
  }
  if (breadcrumb !== undefined) meta.breadcrumb = breadcrumb;
  if (url !== undefined) meta.url = url;
  return meta;
}
