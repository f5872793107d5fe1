/**
 * The hostile and broken corpus (test/support/bad) through convertFile, in one process as a
 * worker runs it: every file gets its specific error code and a message that says what to
 * do, the process stays within time and memory, the intact reports in the same batch still
 * complete, and damaged-but-readable variants give exactly the intact file's facts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ERROR_CODES, NianbaoError, type ErrorCode } from '../../src/errors.js';
import { assertReport } from '../../src/normalize/report-check.js';
import { extractPdf } from '../../src/pdf/extract.js';
import { convertFile } from '../../src/pipeline/convert.js';
import { admitSource, extractSource, layoutExtraction } from '../../src/pipeline/stages.js';
import type { NianbaoRecord } from '../../src/record/schema.js';
import { writeRecord } from '../../src/record/write.js';
import { HOSTILE_MARKERS } from '../support/bad/documents.js';
import { BAD_FIXTURES, CONTROL_HTML, CONTROL_PDF, writeBadFixtures, type BadFixture } from '../support/bad/fixtures.js';
import { repoRoot, tempDir } from '../support/env.js';

const { limits } = loadConfig({});
const root = tempDir('bad-input');
const fixtureDir = path.join(root, 'fixtures');
const MIB = 1024 * 1024;
/** Files that would exhaust a reader without the guards, with their cost when guarded. */
const EXHAUSTING = ['bomb.pdf', 'bomb-nested.pdf', 'huge-page.pdf', 'many-pages.pdf'];

interface Outcome {
  record: NianbaoRecord;
  /** The record's error code, or NOT_A_REPORT from assertReport until normalizeLayout calls it. */
  code: ErrorCode | undefined;
  ms: number;
}
const outcomes = new Map<string, Outcome>();
let exhaustingRssGrowth = 0;

async function convert(file: string): Promise<Outcome> {
  const start = Date.now();
  const record = await convertFile(file, { limits });
  const ms = Date.now() - start;
  if (record.status === 'failed') return { record, code: record.error?.code as ErrorCode, ms };
  return { record, code: await reportCheckCode(file), ms };
}

/** assertReport on the file's layout (what normalizeLayout will do once it is wired there). */
async function reportCheckCode(file: string): Promise<ErrorCode | undefined> {
  const data = fs.readFileSync(file);
  const mediaType = admitSource(data, path.basename(file), data.length, limits);
  try {
    assertReport(layoutExtraction(await extractSource(data, mediaType, limits)));
    return undefined;
  } catch (err) {
    if (err instanceof NianbaoError) return err.code;
    throw err;
  }
}

/** Converts `names` two at a time, as a worker with concurrency 2 would. */
async function convertBatch(names: string[]): Promise<void> {
  const queue = [...names];
  const lane = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      outcomes.set(name, await convert(path.join(fixtureDir, name)));
    }
  };
  await Promise.all([lane(), lane()]);
}

beforeAll(async () => {
  await writeBadFixtures(fixtureDir, {
    reportPdf: fs.readFileSync(path.join(repoRoot, 'samples/inputs/syn12.text.pdf')),
    reportHtml: fs.readFileSync(path.join(repoRoot, 'samples/inputs/syn05.html'), 'utf8'),
  });
  // Warm up (pdf.js's worker module is loaded once per process), then measure the files
  // built to exhaust memory on their own: process-lifetime peak RSS must hardly move.
  outcomes.set(CONTROL_PDF, await convert(path.join(fixtureDir, CONTROL_PDF)));
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  for (const name of EXHAUSTING) outcomes.set(name, await convert(path.join(fixtureDir, name)));
  // pdf.js decodes images in the background after getOperatorList has returned: give such
  // work time to show in the peak before it is read
  await new Promise((resolve) => setTimeout(resolve, 500));
  exhaustingRssGrowth = process.resourceUsage().maxRSS * 1024 - peakBefore;
  // Then the rest as one batch, the control files last: they must still complete.
  const rest = BAD_FIXTURES.map((f) => f.name).filter((n) => !outcomes.has(n) && n !== CONTROL_HTML);
  await convertBatch([...rest, CONTROL_HTML]);
  outcomes.set(`again-${CONTROL_PDF}`, await convert(path.join(fixtureDir, CONTROL_PDF)));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const failing = BAD_FIXTURES.filter((f): f is BadFixture & { expect: { code: ErrorCode } } => 'code' in f.expect);
const readable = BAD_FIXTURES.filter(
  (f): f is BadFixture & { expect: { sameFactsAs: string; failedPages?: number[] } } => 'sameFactsAs' in f.expect,
);

describe('hostile and broken inputs', () => {
  it.each(failing.map((f) => [f.name, f.expect.code, f.what] as const))('%s fails with %s (%s)', (name, code) => {
    const { record, code: actual } = outcomes.get(name)!;
    expect(actual).toBe(code);
    expect(record.status).toBe('failed');
    expect(record.facts).toEqual([]);
    const message = record.error!.message;
    // what happened, then what to do
    expect(message).toContain(ERROR_CODES[code].hint);
    expect(message).toMatch(/\b(Upload|Convert|Split|Check|Download)\b/);
  });

  it('says specifically what was too large or too long', () => {
    expect(outcomes.get('bomb.pdf')!.record.error!.message).toMatch(/expands to more than 64 MiB/);
    expect(outcomes.get('bomb-nested.pdf')!.record.error!.message).toMatch(/expands to more than 64 MiB/);
    expect(outcomes.get('huge-page.pdf')!.record.error!.message).toMatch(/20000 × 20000 px.*100 megapixels/);
    expect(outcomes.get('many-pages.pdf')!.record.error!.message).toMatch(/5000 pages; the limit is 1000/);
  });

  it.each(readable.map((f) => [f.name, f.expect.sameFactsAs, f.what, f.expect.failedPages] as const))(
    '%s is read like %s (%s)',
    async (name, control, _what, failedPages) => {
      const { record, code } = outcomes.get(name)!;
      const intact = outcomes.get(control)!.record;
      expect(code).toBeUndefined();
      expect(intact.facts.length).toBeGreaterThan(50);
      expect(record.facts).toEqual(intact.facts);
      expect(record.tables).toEqual(intact.tables);
      if (failedPages === undefined) {
        expect(record.status).toBe('complete');
        expect(record.report).toEqual(intact.report);
      } else {
        // the rest of the document is read; the page that is gone is named, not fatal
        expect(record.status).toBe('partial');
        expect(
          record.warnings.filter((w: { code: string }) => w.code === 'PAGE_FAILED').map((w: { page?: number }) => w.page),
        ).toEqual(failedPages);
        const pdf = await extractPdf(fs.readFileSync(path.join(fixtureDir, name)), { maxPages: limits.maxPages });
        expect(pdf.failedPages.map((p) => p.page)).toEqual(failedPages);
        const others = Array.from({ length: pdf.pageCount }, (_, i) => i + 1).filter((n) => !failedPages.includes(n));
        expect(others.length).toBeGreaterThan(0);
        expect(pdf.pages.map((p) => p.page)).toEqual(others);
      }
    },
  );

  it('keeps scripts, frames, handlers and script links out of the record of a hostile page', () => {
    const json = JSON.stringify(outcomes.get('hostile.html')!.record);
    for (const marker of HOSTILE_MARKERS) expect(json).not.toContain(marker);
    // the figure a script would have printed next to a cell's number is not read
    expect(json).not.toMatch(/"value":9\d{3,}/);
  });

  it('refuses the exhausting files quickly and without taking memory', () => {
    for (const name of EXHAUSTING) expect(outcomes.get(name)!.ms, name).toBeLessThan(5000);
    // unguarded, the bomb alone took 31 s and ~700 MiB; the 20,000² page 50 s and 2 GB
    expect(exhaustingRssGrowth / MIB).toBeLessThan(200);
  });

  it('still completes the intact reports converted after all of them', () => {
    for (const name of [CONTROL_HTML, `again-${CONTROL_PDF}`]) {
      const { record } = outcomes.get(name)!;
      expect(record.status).toBe('complete');
      expect(record.facts.length).toBeGreaterThan(50);
    }
    expect(outcomes.get(`again-${CONTROL_PDF}`)!.record.facts).toEqual(outcomes.get(CONTROL_PDF)!.record.facts);
  });
});

describe('file names', () => {
  const names = [
    `${'a'.repeat(245)}.html`, // 250 bytes, near the file-system limit
    `${'政府信息公开工作年度报告'.repeat(6)}.html`, // 72 CJK characters, 221 bytes
    '政府信息公开 年报（2020）终稿 📄.html',
    'Re\u0301sume\u0301 NFD.html',
    'Report.HTML',
    'report.html', // differs from the one above only in case
    '-rf $(touch pwned); `id`.html',
    '<img src=x onerror=alert(1)>.html',
    'line\nbreak.html',
  ];

  it('records the base name as given, never uses it as a path, and writes only into the output folder', async () => {
    const inDir = path.join(root, 'names', 'in');
    const outDir = path.join(root, 'names', 'out');
    fs.mkdirSync(path.join(inDir, 'sub'), { recursive: true });
    names.forEach((name, i) => {
      // the case pair holds different reports, so both records exist side by side
      const source = i === names.length - 4 ? 'hostile.html' : CONTROL_HTML;
      fs.copyFileSync(path.join(fixtureDir, source), path.join(inDir, name));
    });
    const records: NianbaoRecord[] = [];
    for (const name of names) records.push(await convertFile(path.join(inDir, name), { limits }));
    // a path that climbs out of a folder: only its last component is the name
    records.push(
      await convertFile(`${inDir}${path.sep}sub${path.sep}..${path.sep}sub${path.sep}..${path.sep}report.html`, { limits }),
    );

    expect(records.map((r) => r.source.name)).toEqual([...names, 'report.html']);
    for (const r of records) expect(r.status).toBe('complete');
    const before = listTree(root);
    for (const r of records) await writeRecord(outDir, r);
    const created = listTree(root).filter((f) => !before.includes(f));
    expect(created.length).toBeGreaterThan(0);
    for (const f of created) expect(f === outDir || f.startsWith(`${outDir}${path.sep}`), f).toBe(true);
    expect(fs.readdirSync(outDir).every((f) => /^sha256:[0-9a-f]{64}\.json$/.test(f))).toBe(true);
    // the case pair gave two records (their contents differ), the copies of one report one
    expect(fs.readdirSync(outDir)).toHaveLength(2);
    expect(fs.existsSync(path.join(process.cwd(), 'pwned'))).toBe(false);
  });
});

function listTree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f));
}
