/**
 * assertReport: every real report passes (the corpus text PDFs and saved pages, and the
 * samples), including seed004 that has no statistics table; a news page, a notice and a
 * notice *about* annual reports do not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { NianbaoError } from '../../../src/errors.js';
import type { DocumentLayout, TextLine } from '../../../src/model.js';
import { detectFormat } from '../../../src/normalize/detect-format.js';
import { assertReport, isReport, isReportTitle } from '../../../src/normalize/report-check.js';
import { extractSource, layoutExtraction } from '../../../src/pipeline/stages.js';
import { governmentNoticePdf, newsArticleHtml } from '../../support/bad/documents.js';
import { corpusDir, hasCorpus, repoRoot } from '../../support/env.js';

const { limits } = loadConfig({});

async function layoutOf(data: Uint8Array, name: string): Promise<DocumentLayout> {
  const mediaType = name.endsWith('.pdf') ? 'application/pdf' : 'text/html';
  return layoutExtraction(await extractSource(data, mediaType, limits));
}

const reports = [
  ...fs.readdirSync(path.join(repoRoot, 'samples/inputs')).map((f) => path.join(repoRoot, 'samples/inputs', f)),
  ...(hasCorpus
    ? fs
        .readdirSync(corpusDir)
        .flatMap((d) => [`${d}.text.pdf`, `${d}.html`].map((f) => path.join(corpusDir, d, f)))
        .filter((f) => fs.existsSync(f))
    : []),
].filter((f) => !f.endsWith('truncated.pdf'));

const line = (text: string, page = 1): TextLine => ({ page, text, bbox: [0, 0, 0, 0], fontSize: 12 });
const proseLayout = (texts: string[], extra: Partial<DocumentLayout> = {}): DocumentLayout => ({
  pages: 1,
  lines: texts.map((t) => line(t)),
  sections: [],
  tables: [],
  warnings: [],
  ...extra,
});

describe('assertReport', () => {
  it.each(reports.map((f) => [path.basename(f), f]))('passes the report %s', async (name, file) => {
    const layout = await layoutOf(fs.readFileSync(file), name);
    expect(() => assertReport(layout)).not.toThrow();
  });

  it.skipIf(!hasCorpus)('passes seed004 on its title alone: it has no statistics table', async () => {
    for (const f of ['seed004.text.pdf', 'seed004.html']) {
      const layout = await layoutOf(fs.readFileSync(path.join(corpusDir, 'seed004', f)), f);
      expect(detectFormat(layout.tables)).toBe('none');
      expect(isReport(layout)).toBe(true);
      // without its title lines, headings and page title it would not pass: the title is what counts
      const stripped = { ...layout, sections: [], cms: undefined, pageTitle: undefined };
      stripped.lines = layout.lines.filter((l) => !/年度报告|年报|本报告|本年度报告/.test(l.text));
      expect(isReport(stripped)).toBe(false);
    }
  });

  it('refuses a news article page and a notice with NOT_A_REPORT and says what was missing', async () => {
    for (const [name, data] of [
      ['news.html', Buffer.from(newsArticleHtml(), 'utf8')],
      ['notice.pdf', governmentNoticePdf()],
    ] as const) {
      const layout = await layoutOf(data, name);
      expect(layout.lines.length).toBeGreaterThanOrEqual(3);
      let error: unknown;
      try {
        assertReport(layout);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(NianbaoError);
      expect((error as NianbaoError).code).toBe('NOT_A_REPORT');
      expect((error as NianbaoError).message).toMatch(/年度报告.*statistics table/);
    }
  });

  it('takes report titles, wrapped or in the page title, but not notices about reports', () => {
    expect(isReportTitle('某某镇人民政府2020年政府信息公开工作年度报告')).toBe(true);
    expect(isReportTitle('XX区政府信息公开年报(2019年)')).toBe(true);
    expect(isReportTitle('关于做好2020年政府信息公开工作年度报告编制发布工作的通知')).toBe(false);
    expect(isReportTitle('请各单位于1月31日前发布本单位2020年政府信息公开工作年度报告，并报送')).toBe(false);
    expect(isReport(proseLayout(['某某市人民政府2019年度政府信息公开工作年', '度报告', '一、概述']))).toBe(true);
    expect(isReport(proseLayout(['一、概述'], { pageTitle: '某某县2018年政府信息公开工作年度报告_某某县人民政府' }))).toBe(true);
    expect(isReport(proseLayout(['本报告根据《中华人民共和国政府信息公开条例》要求编制。']))).toBe(true);
    expect(isReport(proseLayout(['关于做好2020年政府信息公开工作年度报告编制发布工作的通知', '各乡镇：']))).toBe(false);
  });
});
