/**
 * Every saved page of the shared corpus through extractHtml: the CMS fields must equal the
 * folder's expected.json (`cms` ?? `cmsHtml`, breadcrumb from html-meta.json where expected
 * has none), compared after NFKC with white space removed; the statistics tables must come
 * out rectangular and keep their merged row labels.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../../src/html/extract.js';
import { layoutFromHtml } from '../../../src/html/layout.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpusDir = path.resolve(repoRoot, '../shared/corpus');
const pages = fs.existsSync(corpusDir)
  ? fs.readdirSync(corpusDir).flatMap((dir) =>
      fs
        .readdirSync(path.join(corpusDir, dir))
        .filter((f) => f.endsWith('.html'))
        .map((f) => path.join(corpusDir, dir, f)),
    )
  : [];
if (pages.length === 0) console.warn(`corpus test skipped: no saved pages under ${corpusDir}`);

const FIELDS = ['system', 'indexNo', 'publisher', 'publishedOn', 'disclosure', 'breadcrumb'] as const;
const comparable = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v).normalize('NFKC').replace(/\s+/g, ''));

function readJson(file: string): Record<string, unknown> {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}

describe.skipIf(pages.length === 0)('corpus web pages', () => {
  it.each(pages.map((p) => [path.basename(p), p]))('%s: CMS fields match expected.json', (_name, file) => {
    const dir = path.dirname(file);
    const expected = readJson(path.join(dir, 'expected.json'));
    const printed = readJson(path.join(dir, 'html-meta.json'));
    const want = { ...printed, ...((expected['cms'] ?? expected['cmsHtml'] ?? {}) as Record<string, unknown>) };
    const doc = extractHtml(fs.readFileSync(file));
    for (const field of FIELDS) {
      if (want[field] === undefined) continue;
      expect({ field, value: comparable(doc.cms[field]) }).toEqual({ field, value: comparable(want[field]) });
    }
  });

  it.each(pages.map((p) => [path.basename(p), p]))(
    '%s: tables are rectangular statistics grids, blocks are clean',
    (_name, file) => {
      const doc = extractHtml(fs.readFileSync(file));
      const layout = layoutFromHtml(doc);
      expect(layout.lines.length).toBeGreaterThan(0);
      expect(layout.sections.length).toBeGreaterThan(0);
      for (const block of doc.blocks) {
        expect(block).not.toMatch(/打印本页|关闭窗口|分享到|function\s*\(|\$\(/);
        expect(block).toBe(block.trim());
      }
      for (const table of doc.tables) {
        const width = table.cells[0]?.length ?? 0;
        expect(width).toBeGreaterThan(1);
        for (const row of table.cells) expect(row).toHaveLength(width);
        const text = table.cells
          .flat()
          .map((c) => c.text)
          .join('');
        expect(text).not.toMatch(/索引号|发布机构/); // the metadata box is page chrome
        // A row of values has a label, or sits under a header row labelled in every column:
        // merged row labels fill every row they span, merged column labels every column.
        const labelled = (t: string) => /[\u4e00-\u9fff]/.test(t);
        table.cells.forEach((row, r) => {
          if (!row.some((c) => /\d/.test(c.text)) || row.some((c) => labelled(c.text))) return;
          expect(table.cells[r - 1]?.every((c) => labelled(c.text))).toBe(true);
        });
      }
    },
  );
});
