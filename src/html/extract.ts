/**
 * Saved web page → HtmlDocument: decode, parse (cheerio; no script runs, no frame or link is
 * followed), read the CMS metadata around the article, then the article's blocks and tables.
 */
import { load } from 'cheerio';
import { NianbaoError } from '../errors.js';
import type { HtmlDocument, Table } from '../model.js';
import { type ArticleBody, bodyItems, findArticleBody } from './body.js';
import { detectCms, extractCmsMetadata } from './cms.js';
import { decodeHtml } from './decode.js';
import { cleanLine } from './dom.js';
import { htmlTableToTable } from './tables.js';

export interface ExtractHtmlOptions {
  /** Where the page was fetched from; overrides the address the page states. */
  url?: string;
}

/** A block this long or shorter right above a table is taken as its caption. */
const MAX_CAPTION_CHARS = 80;

/** Any of the tags a web page cannot do without, near the start or anywhere. */
const HTML_TAG_RE = /<\s*(?:!doctype\s+html|html|head|body|meta|title|div|p|table|span|br|a|h[1-6])[\s/>]/i;

/**
 * Throws NianbaoError('EMPTY') for an empty or blank file and NianbaoError('CORRUPT') for one
 * that is not HTML (binary data, plain text without markup).
 */
function assertHtml(text: string): void {
  if (text.trim() === '') throw new NianbaoError('EMPTY', 'The web page is empty');
  const head = text.slice(0, 4096);
  // NUL and other C0 controls do not occur in text files; they do in PDFs, images, archives.
  const controls = (head.match(/[\u0000-\u0008\u000e-\u001f]/g) ?? []).length;
  if (controls > 0.01 * head.length || !HTML_TAG_RE.test(text)) {
    throw new NianbaoError('CORRUPT', 'The file is not an HTML page');
  }
}

/** Parses a saved page (bytes in any declared charset, or an already decoded string). */
export function extractHtml(data: Uint8Array | string, opts: ExtractHtmlOptions = {}): HtmlDocument {
  if (data.length === 0) throw new NianbaoError('EMPTY', 'The web page is empty');
  const html = decodeHtml(data);
  assertHtml(html);
  const $ = load(html);

  const system = detectCms($, html);
  const body = findArticleBody($, system);
  // A body found by guessing may be a wrapper around the metadata box too: scan all of it then.
  const precise = body !== undefined && body.via !== 'generic';
  const cms = extractCmsMetadata($, html, precise ? { ...opts, exclude: body.root } : opts);
  const { blocks, tables } = bodyContent($, body);

  const doc: HtmlDocument = { cms, blocks, tables };
  const title = cleanLine($('head > title').first().text() || $('title').first().text());
  if (title !== '') doc.pageTitle = title;
  return doc;
}

function bodyContent($: ReturnType<typeof load>, body: ArticleBody | undefined): { blocks: string[]; tables: Table[] } {
  const blocks: string[] = [];
  const tables: Table[] = [];
  if (body === undefined) return { blocks, tables };
  let previous: string | undefined;
  for (const item of bodyItems($, body)) {
    if (item.kind === 'block') {
      blocks.push(item.text);
      previous = item.text;
      continue;
    }
    const caption = previous !== undefined && previous.length <= MAX_CAPTION_CHARS ? previous : undefined;
    const table = htmlTableToTable(item.element, caption);
    if (table !== undefined) tables.push(table);
    previous = undefined;
  }
  return { blocks, tables };
}
