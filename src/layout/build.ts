/**
 * Positioned page contents → the document layout: tables (joined over page breaks), lines
 * and the section tree.
 */
import type { DocumentLayout, DocumentWarning, PageContent, Table, TextItem, TextLine } from '../model.js';
import { findAlignedTables } from '../tables/aligned.js';
import { joinTableParts, type JoinedTable, type TablePart } from '../tables/join.js';
import type { PageTable } from '../tables/page-table.js';
import { findRuledTables } from '../tables/ruled.js';
import { buildLines } from './lines.js';
import { buildSections, headingLevel } from './sections.js';

/** Captions such as 续表, （续表）, 续上表, 续表1, 表1（续）, 统计表（续）. */
const CONTINUATION_CAPTION_RE = /续上?表|[(（]续[)）]/;
/** A continuation caption is a short line. */
const CAPTION_MAX_CHARS = 40;
/** A caption sits at most this many font sizes above its table. */
const CAPTION_GAP_EM = 3;
/** Running headers and footers are looked for in this share of the page, top and bottom. */
const FURNITURE_BAND = 0.1;
/** How many lines above a table a heading may be and still name it. */
const HEADING_LOOKBACK_LINES = 6;

export function buildLayout(pages: readonly PageContent[]): DocumentLayout {
  const found = pages.map((p) => pageTables(p));
  const firstLines = pages.map((p, i) => linesOfPage(p, found[i]!));
  const furniture = runningFurniture(firstLines, pages);
  const parts: TablePart[] = found.flatMap((tables, i) =>
    tableParts(
      tables,
      firstLines[i]!.filter((l) => !l.inTable && !furniture(l)),
    ),
  );
  // A lone one-cell box is a framed paragraph, not a table; it only counts as the first
  // fragment of a table continued on the next page.
  const joined = joinTableParts(parts).filter((j) => j.parts.length > 1 || !isSingleCell(j.parts[0]!));
  const kept = new Set(joined.flatMap((j) => j.parts));

  const lines: TextLine[] = [];
  pages.forEach((page, i) => {
    const tables = found[i]!.filter((t) => kept.has(t));
    const pageLines = linesOfPage(page, tables);
    for (const t of tables) {
      const above = lineAbove(pageLines, t);
      // A continuation caption belongs to the table, not to the body text.
      if (above && isContinuationCaption(above.text)) above.inTable = true;
    }
    lines.push(...pageLines);
  });

  const body = lines.filter((l) => !l.inTable && !furniture(l));
  const tables: Table[] = joined.map((j) => withCaption(j, body));
  return {
    pages: pages.length,
    lines,
    sections: buildSections(body),
    tables,
    warnings: warningsFor(pages, tables),
  };
}

/**
 * Running headers and footers (a title, a URL, "打印时间 …" printed by a browser): lines in
 * the top or bottom band of the page whose text, digits aside, recurs in the band of another
 * page. They are neither body text nor a reason to keep two table parts apart.
 */
function runningFurniture(linesPerPage: readonly TextLine[][], pages: readonly PageContent[]): (l: TextLine) => boolean {
  const heights = new Map(pages.map((p) => [p.page, p.height]));
  const inBand = (l: TextLine): boolean => {
    const h = heights.get(l.page) ?? Infinity;
    return l.bbox[3] <= h * FURNITURE_BAND || l.bbox[1] >= h * (1 - FURNITURE_BAND);
  };
  const key = (l: TextLine): string => l.text.replace(/\d+/g, '#').replace(/\s+/g, '');
  const seen = new Map<string, Set<number>>();
  for (const l of linesPerPage.flat()) {
    if (!l.inTable && inBand(l)) seen.set(key(l), (seen.get(key(l)) ?? new Set()).add(l.page));
  }
  const recurring = new Set([...seen].filter(([, on]) => on.size >= 2).map(([k]) => k));
  return (l) => !l.inTable && inBand(l) && recurring.has(key(l));
}

function pageTables(page: PageContent): PageTable[] {
  const ruled = findRuledTables(page);
  const aligned = findAlignedTables(
    page,
    ruled.map((t) => t.bbox),
  );
  return [...ruled, ...aligned].sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
}

/** Where each table sits on its page: first thing on it, last thing on it. */
function tableParts(tables: readonly PageTable[], body: readonly TextLine[]): TablePart[] {
  return tables.map((table, i) => {
    const above = body.filter((l) => l.bbox[3] <= table.bbox[1] + 1);
    const below = body.filter((l) => l.bbox[1] >= table.bbox[3] - 1);
    // Nothing above, or a caption of at most two short lines, one of them saying 续表.
    const onlyCaption =
      above.length === 0 ||
      (above.length <= 2 &&
        above.some((l) => isContinuationCaption(l.text)) &&
        above.every((l) => l.text.replace(/\s+/g, '').length <= CAPTION_MAX_CHARS));
    return { table, startsPage: i === 0 && onlyCaption, endsPage: i === tables.length - 1 && below.length === 0 };
  });
}

/** The page's lines in reading order; lines made of table text are marked inTable. */
function linesOfPage(page: PageContent, tables: readonly PageTable[]): TextLine[] {
  const inTable = new Set<TextItem>(tables.flatMap((t) => t.items));
  const body = buildLines(
    page,
    page.items.filter((it) => !inTable.has(it)),
  );
  const tableLines = buildLines(
    page,
    page.items.filter((it) => inTable.has(it)),
  ).map((l) => ({ ...l, inTable: true }));
  return [...body, ...tableLines].sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
}

function isSingleCell(t: PageTable): boolean {
  return t.cells.length === 1 && t.cells[0]!.length === 1;
}

function isContinuationCaption(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return t.length <= CAPTION_MAX_CHARS && CONTINUATION_CAPTION_RE.test(t);
}

/** The closest body line above a table, when it is within CAPTION_GAP_EM of the top. */
function lineAbove(lines: readonly TextLine[], t: PageTable): TextLine | undefined {
  let best: TextLine | undefined;
  for (const l of lines) {
    if (l.inTable || l.bbox[3] > t.bbox[1] + 1) continue;
    if (l.bbox[2] < t.bbox[0] || l.bbox[0] > t.bbox[2]) continue;
    if (t.bbox[1] - l.bbox[3] > CAPTION_GAP_EM * l.fontSize) continue;
    if (!best || l.bbox[3] > best.bbox[3]) best = l;
  }
  return best;
}

/**
 * The caption is the line just above the table. When that line closes a sentence of body
 * text ("…情况如下表。"), the nearest heading a few lines further up names the table better.
 */
function withCaption(j: JoinedTable, lines: readonly TextLine[]): Table {
  const first = j.parts[0]!;
  const body = lines.filter((l) => !l.inTable);
  const above =
    lineAbove(
      body.filter((l) => l.page === first.page),
      first,
    ) ?? lastLineBefore(body, first);
  if (!above) return j.table;
  let caption = above.text;
  if (/[。;；]$/.test(caption) && headingLevel(caption) === 0) {
    const upTo = body.indexOf(above);
    const before = body.slice(Math.max(0, upTo - HEADING_LOOKBACK_LINES), upTo);
    const heading = [...before].reverse().find((l) => headingLevel(l.text) > 0);
    if (heading) caption = heading.text;
  }
  return { ...j.table, caption };
}

/** For a table at the top of a page: the last body line of the page before, if any. */
function lastLineBefore(body: readonly TextLine[], t: PageTable): TextLine | undefined {
  if (body.some((l) => l.page === t.page && l.bbox[3] <= t.bbox[1] + 1)) return undefined;
  return body.filter((l) => l.page === t.page - 1).at(-1);
}

function warningsFor(pages: readonly PageContent[], tables: readonly Table[]): DocumentWarning[] {
  const warnings: DocumentWarning[] = [];
  for (const p of pages) {
    if (p.items.length === 0) warnings.push({ code: 'PAGE_NO_TEXT', message: 'The page has no text', page: p.page });
  }
  for (const t of tables) {
    if (t.cells.flat().every((c) => c.text === '')) {
      warnings.push({ code: 'TABLE_NO_TEXT', message: 'A table holds no text', page: t.pages[0] });
    }
  }
  return warnings;
}
