/**
 * Structural facts about the shared corpus text PDFs: tables found, joined over page
 * breaks, with the column counts the report formats define and the row labels of
 * spec/indicators.tsv in their cells. Skipped when the corpus is not checked out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLayout } from '../../../src/layout/build.js';
import { isPageNumberText } from '../../../src/layout/lines.js';
import type { DocumentLayout, GridCell, Table } from '../../../src/model.js';
import { extractPdf, type PdfExtraction } from '../../../src/pdf/extract.js';
import { compactText } from '../../../src/text/normalize-text.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpusDir = path.resolve(repoRoot, '../shared/corpus');
const indicatorsFile = path.resolve(repoRoot, '../shared/spec/indicators.tsv');
const hasCorpus = fs.existsSync(corpusDir) && fs.existsSync(indicatorsFile);
if (!hasCorpus) console.warn(`corpus tests skipped: ${corpusDir} or ${indicatorsFile} not found`);

interface Doc {
  name: string;
  format: string;
  params?: { text_pdf: { pages: number; continued: number }; print_style: { table_break: string } };
  extraction: PdfExtraction;
  layout: DocumentLayout;
}

const docNames = hasCorpus
  ? fs
      .readdirSync(corpusDir)
      .filter((d) => fs.existsSync(path.join(corpusDir, d, `${d}.text.pdf`)))
      .sort()
  : [];
const docs = new Map<string, Doc>();

function readJson<T>(file: string): T | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : undefined;
}

/** Punctuation and numbering styles differ between documents; compare without them. */
function bare(s: string): string {
  return compactText(s).replace(/[()（）、.．:：,，;；"“”'‘’〔〕\[\]【】《》\-—–_/]/g, '');
}

const spans = (row: GridCell[]): GridCell[] => row.filter((c, i) => i === 0 || c.spanId !== row[i - 1]!.spanId);
const isValue = (t: string): boolean => /^[-−+]?[\d,.]*(万元|元)?$/.test(compactText(t));
const tableText = (t: Table): string =>
  t.cells
    .flat()
    .map((c) => c.text)
    .join('|');
const findTable = (d: Doc, word: string): Table | undefined =>
  d.layout.tables.find((t) => compactText(tableText(t)).includes(word));

/** Row-label fragments of one format, each a list of alternatives. */
function labelFragments(format: string): string[][] {
  const lines = fs.readFileSync(indicatorsFile, 'utf8').split('\n').slice(1).filter(Boolean);
  const out = new Map<string, string[]>();
  for (const line of lines) {
    const [fmt, , label] = line.split('\t');
    if (fmt !== format || !label) continue;
    // Notes such as "(may be negative)" and "[gov2019: one row]" are not printed labels.
    const clean = label.replace(/\s*\([^()]*[A-Za-z][^()]*\)/g, '').replace(/\s*\[[^\]]*\]/g, '');
    for (const part of clean.split(/\s+×\s+|\s+/)) {
      const alts = part
        .split('|')
        .map((a) => bare(a.replace(/^(其中[:：])?([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．])+/, '')))
        .filter((a) => a.length >= 2);
      if (alts.length > 0) out.set(alts.join('|'), alts);
    }
  }
  return [...out.values()];
}

describe.skipIf(!hasCorpus)('corpus text PDFs', () => {
  beforeAll(async () => {
    for (const name of docNames) {
      const dir = path.join(corpusDir, name);
      const expected = readJson<{ format: string }>(path.join(dir, 'expected.json'));
      const extraction = await extractPdf(fs.readFileSync(path.join(dir, `${name}.text.pdf`)), { maxPages: 100 });
      docs.set(name, {
        name,
        format: expected?.format ?? 'none',
        params: readJson(path.join(dir, 'params.json')),
        extraction,
        layout: buildLayout(extraction.pages),
      });
    }
  }, 120_000);

  it('reads every page with text and folds every radical', () => {
    expect(docs.size).toBe(docNames.length);
    for (const d of docs.values()) {
      if (d.params) expect(d.extraction.pageCount, d.name).toBe(d.params.text_pdf.pages);
      for (const p of d.extraction.pages) {
        expect(p.items.length, `${d.name} p${p.page}`).toBeGreaterThan(0);
        const radicals = p.items.filter((i) => /[\u2E80-\u2FDF]/.test(i.text)).map((i) => i.text);
        expect(radicals, d.name).toEqual([]);
      }
    }
  });

  it('drops page numbers and finds the numbered sections', () => {
    for (const d of docs.values()) {
      const bottom = d.layout.lines.filter((l) => !l.inTable && isPageNumberText(l.text));
      expect(
        bottom.map((l) => l.text),
        d.name,
      ).toEqual([]);
      expect(d.layout.sections.filter((s) => s.level === 1).length, d.name).toBeGreaterThanOrEqual(3);
      expect(
        d.layout.sections.every((s) => s.heading.trim() !== ''),
        d.name,
      ).toBe(true);
    }
  });

  it('gives rectangular tables whose merged cells follow the GridCell contract', () => {
    for (const d of docs.values()) {
      for (const t of d.layout.tables) {
        const width = t.cells[0]!.length;
        expect(
          t.cells.every((r) => r.length === width),
          d.name,
        ).toBe(true);
        expect(t.method).toBe('text');
        const seen = new Map<number, { text: string; origins: number }>();
        for (const c of t.cells.flat()) {
          const s = seen.get(c.spanId) ?? { text: c.text, origins: 0 };
          expect(c.text, `${d.name} span ${c.spanId}`).toBe(s.text);
          s.origins += c.origin ? 1 : 0;
          seen.set(c.spanId, s);
        }
        expect(
          [...seen.values()].every((s) => s.origins === 1),
          d.name,
        ).toBe(true);
      }
    }
  });

  it('finds one statistics table per table of the format, joined over page breaks', () => {
    const expectedTables: Record<string, number> = { gov2021: 3, gov2019: 3, gov2014: 1, fujian: 1, none: 0 };
    for (const d of docs.values()) {
      expect(d.layout.tables.length, d.name).toBe(expectedTables[d.format]);
    }
  });

  it('joins tables continued after a caption and keeps the caption out of the body text', () => {
    for (const d of docs.values()) {
      const captions = d.layout.lines.filter((l) => !l.inTable && /^[(（]?续上?表[)）]?$/.test(compactText(l.text)));
      expect(
        captions.map((l) => `p${l.page} ${l.text}`),
        d.name,
      ).toEqual([]);
      if (d.params && d.params.text_pdf.continued > 0) {
        expect(
          d.layout.tables.some((t) => t.pages.length > 1),
          d.name,
        ).toBe(true);
      }
    }
  });

  it('never repeats a header row inside a joined table', () => {
    for (const d of docs.values()) {
      for (const t of d.layout.tables.filter((x) => x.pages.length > 1)) {
        const first = t.cells[0]!.map((c) => c.text).join('|');
        const repeats = t.cells.slice(1).filter((r) => r.map((c) => c.text).join('|') === first);
        expect(repeats.length, `${d.name} table on pages ${t.pages}`).toBe(0);
      }
    }
  });

  it('fujian: label, unit, this year and cumulative columns', () => {
    for (const d of [...docs.values()].filter((x) => x.format === 'fujian')) {
      const t = findTable(d, '历年累计');
      expect(t, d.name).toBeDefined();
      expect(t!.cells[0]!.length, d.name).toBe(4);
      for (const row of t!.cells.slice(1)) {
        expect(isValue(row[2]!.text) && isValue(row[3]!.text), `${d.name}: ${row.map((c) => c.text).join('|')}`).toBe(true);
      }
    }
  });

  it('gov2014: indicator, unit and count columns', () => {
    for (const d of [...docs.values()].filter((x) => x.format === 'gov2014')) {
      const t = findTable(d, '统计数');
      expect(t, d.name).toBeDefined();
      expect(t!.cells[0]!.length, d.name).toBe(3);
      const review = t!.cells.find((r) => compactText(r[0]!.text).includes('行政复议数量'));
      expect(review && isValue(review[2]!.text) && review[2]!.text !== '', d.name).toBe(true);
    }
  });

  it('gov2019/gov2021: seven value columns for the applicants, fifteen for review and litigation', () => {
    for (const d of [...docs.values()].filter((x) => x.format === 'gov2019' || x.format === 'gov2021')) {
      const applicants = findTable(d, '自然人');
      expect(applicants, d.name).toBeDefined();
      const rows = applicants!.cells.filter((r) => r[0]!.origin && /^[一二三四]、/.test(compactText(r[0]!.text)));
      expect(rows.length, d.name).toBe(4);
      for (const row of rows) {
        const values = spans(row).filter((c) => isValue(c.text));
        expect(values.length, `${d.name}: ${row.map((c) => c.text).join('|')}`).toBe(7);
      }
      const review = findTable(d, '尚未审结');
      expect(review, d.name).toBeDefined();
      const last = review!.cells[review!.cells.length - 1]!;
      expect(spans(last).length, d.name).toBe(15);
      expect(
        last.every((c) => isValue(c.text)),
        d.name,
      ).toBe(true);
    }
  });

  it("puts the row labels of the format's indicators into table cells", () => {
    for (const d of [...docs.values()].filter((x) => x.format !== 'none')) {
      const text = bare(d.layout.tables.map(tableText).join('|'));
      const fragments = labelFragments(d.format);
      expect(fragments.length).toBeGreaterThan(5);
      const missing = fragments.filter((alts) => !alts.some((a) => text.includes(a)));
      if (process.env.NB_DEBUG) console.log(d.name, fragments.length, missing.map((m) => m[0]).join(','));
      expect(missing.length / fragments.length, `${d.name} misses ${missing.map((m) => m[0]).join(', ')}`).toBeLessThanOrEqual(
        0.05,
      );
      for (const word of ['行政复议', '行政诉讼']) expect(text.includes(word), `${d.name} ${word}`).toBe(true);
    }
  });
});
