/**
 * The dashboard as an operator uses it: a real pipeline in this process, a real Redis, and a
 * real headless Chromium looking at the pages. Files are dropped into the upload folder and
 * watched going through; a failed one is retried from its Retry button.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { NianbaoRecord } from '../../src/record/schema.js';
import { startDashboard, type Dashboard } from '../../workers/dashboard/index.js';
import { countFailure, countPages, observeJob } from '../../workers/metrics.js';
import { STAGES } from '../../workers/jobs.js';
import { startPipeline, type Running } from '../../workers/run.js';
import { deletePrefix, repoRoot, tempDir, uniquePrefix, waitFor } from '../support/env.js';

/**
 * The callbacks passed to page.evaluate/waitForFunction run in the browser. The project is
 * compiled without the DOM library (adding it would retype timers everywhere), so this file
 * declares the little of it that those callbacks use.
 */
declare const document: any;
type DomElement = { getAttribute(name: string): string | null };
type ImageElement = DomElement & { complete: boolean; naturalWidth: number };

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`dashboard browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

const redisUrl = inject('redisUrl');
const prefix = uniquePrefix('dash');
const root = tempDir('dash');
const dirs = { upload: path.join(root, 'uploads'), data: path.join(root, 'data'), output: path.join(root, 'output') };
const TOKEN = 'dashboard-test-token-0123456789';
const XSS = '<script>alert(1)</script>';
const XSS_ATTR = '"><img src=x onerror=alert(1)>';

let running: Running;
let dashboard: Dashboard;
let browser: Browser | undefined;

const input = (name: string) => path.join(repoRoot, 'samples/inputs', name);
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const readRecord = (hex: string) =>
  JSON.parse(fs.readFileSync(path.join(dirs.output, `sha256:${hex}.json`), 'utf8')) as NianbaoRecord;

/** A browser context that may only talk to the dashboard; anything else is recorded and refused. */
async function localContext(external: string[]): Promise<BrowserContext> {
  const context = await browser!.newContext();
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    external.push(url.href);
    return route.abort();
  });
  return context;
}

/** The text of a cell of a document's row in the documents view. */
const cellText = (page: Page, docId: string, cls: string) => page.locator(`tr[data-doc-id="${docId}"] td.${cls}`).textContent();

beforeAll(async () => {
  fs.mkdirSync(dirs.upload, { recursive: true });
  const config = loadConfig({
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    UPLOAD_DIR: dirs.upload,
    DATA_DIR: dirs.data,
    OUTPUT_DIR: dirs.output,
    WATCH_STABLE_MS: '200',
    BACKOFF_MS: '100',
    LOG_LEVEL: 'error',
  });
  running = await startPipeline(config, { watch: true });
  dashboard = await startDashboard(running.ctx, { port: 0 });
  if (hasChromium) {
    // launch() gives every run a fresh temporary profile (user-data-dir).
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await running?.stop();
  await deletePrefix(redisUrl, prefix);
  fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)('dashboard in a browser', () => {
  it('shows a dropped PDF going through, its facts on the page image, and retries a failed one', async () => {
    const external: string[] = [];
    const context = await localContext(external);
    const page = await context.newPage();
    // A CSP violation (an inline script or style the policy blocks) shows up as a console error.
    const consoleErrors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
    await page.goto(`${dashboard.url}/`);
    expect(await page.locator('h1').textContent()).toBe('Documents');

    const pdf = input('syn12.text.pdf');
    const docId = sha256(pdf);
    fs.copyFileSync(pdf, path.join(dirs.upload, 'syn12.text.pdf'));
    // The row appears through the page's own polling of /api/documents, without a reload.
    await page.locator(`tr[data-doc-id="${docId}"]`).waitFor({ timeout: 20_000 });
    await page.waitForFunction(
      (id) => document.querySelector(`tr[data-doc-id="${id}"] td.status`)?.textContent === 'complete',
      docId,
      { timeout: 45_000 },
    );
    expect(await cellText(page, docId, 'pages')).toBe('5 / 5');
    expect(await cellText(page, docId, 'name')).toBe('syn12.text.pdf');
    expect(await page.locator(`tr[data-doc-id="${docId}"] button.retry`).count()).toBe(0);

    // The document page: the facts table says what the record says.
    const record = readRecord(docId);
    const fact = record.facts.find((f) => f.key === 'requests.new.total')!;
    expect(fact.value).toBe(2);
    await page.locator(`tr[data-doc-id="${docId}"] td.name a`).click();
    await page.waitForURL(`**/documents/${docId}`);
    const row = page.locator('table.facts tr', { has: page.locator('td.key', { hasText: /^requests\.new\.total$/ }) });
    expect(await row.locator('td.value').textContent()).toBe(String(fact.value));
    expect(await page.locator('table.facts tbody tr').count()).toBe(record.facts.length);
    expect(await page.locator('table.checks tbody tr').count()).toBe(record.checks.length);
    expect(await page.locator('dl.metadata').textContent()).toContain(record.report.agency!);

    // Its page image loads, with one box per fact that has a bbox on the pages shown.
    await page.waitForFunction(
      () => {
        const imgs = [...document.querySelectorAll('img[data-page]')] as ImageElement[];
        return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
      },
      undefined,
      { timeout: 20_000 },
    );
    const shownPages = await page
      .locator('img[data-page]')
      .evaluateAll((imgs) => imgs.map((i) => Number(i.getAttribute('data-page'))));
    const boxed = record.facts.filter((f) => f.source.bbox && shownPages.includes(f.source.page));
    expect(boxed.length).toBeGreaterThan(0);
    expect(await page.locator('svg.boxes rect.box').count()).toBe(boxed.length);
    const width = await page
      .locator(`img[data-page="${fact.source.page}"]`)
      .evaluate((i) => (i as unknown as ImageElement).naturalWidth);
    expect(width).toBe(893); // A4 at the render scale 1.5
    // Hovering the fact's row highlights its box, which sits where the bbox says (× 1.5).
    await row.hover();
    const box = page.locator('rect.box.hl');
    expect(await box.count()).toBe(1);
    expect(Number(await box.getAttribute('x'))).toBeCloseTo(fact.source.bbox![0] * 1.5, 0);
    // The README shows what this page looks like: the screenshot is taken here.
    fs.mkdirSync(path.join(repoRoot, 'docs'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'docs', 'dashboard-document.png') });
    // The image is cached in the artifact store.
    expect(fs.existsSync(path.join(dirs.data, 'derived', docId.slice(0, 2), docId, `page-${fact.source.page}.png`))).toBe(true);

    // A file that cannot be read is listed as failed, with its code and a Retry button.
    const bad = input('truncated.pdf');
    const badId = sha256(bad);
    const expectedBad = JSON.parse(
      fs.readFileSync(path.join(repoRoot, 'samples/expected/truncated.pdf.json'), 'utf8'),
    ) as NianbaoRecord;
    expect(expectedBad.status, 'samples/inputs/truncated.pdf is meant to fail').toBe('failed');
    fs.copyFileSync(bad, path.join(dirs.upload, 'truncated.pdf'));
    await page.goto(`${dashboard.url}/`);
    await page.locator(`tr[data-doc-id="${badId}"] button.retry`).waitFor({ timeout: 30_000 });
    expect(await cellText(page, badId, 'status')).toBe('failed');
    expect(await cellText(page, badId, 'error-code')).toBe(expectedBad.error!.code);
    expect(await cellText(page, badId, 'error-message')).toBe(readRecord(badId).error!.message);
    // The README's picture is refreshed on request only: a test run leaves the tree as it was.
    const shot =
      process.env.UPDATE_DOCS === '1' ? path.join(repoRoot, 'docs', 'dashboard.png') : path.join(root, 'dashboard.png');
    await page.screenshot({ path: shot });
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
    const updatedBefore = await page.locator(`tr[data-doc-id="${badId}"] time`).getAttribute('datetime');
    const failedJob = async () => {
      const jobs = await Promise.all(STAGES.map((s) => running.ctx.queues[s].getJob(badId)));
      const states = await Promise.all(jobs.map((j) => (j ? j.getState() : Promise.resolve(undefined))));
      return jobs.find((_, i) => states[i] === 'failed')!;
    };
    const failedBefore = await failedJob();

    // Retry runs it through again: a new job fails the same way at a later time.
    await page.locator(`tr[data-doc-id="${badId}"] button.retry`).click();
    await page.waitForFunction(
      ([id, before]) => {
        const tr = document.querySelector(`tr[data-doc-id="${id}"]`);
        return tr?.querySelector('td.status')?.textContent === 'failed' && tr.querySelector('time')?.dateTime !== before;
      },
      [badId, updatedBefore] as const,
      { timeout: 30_000 },
    );
    expect(await cellText(page, badId, 'error-code')).toBe(expectedBad.error!.code);
    const failedAfter = await failedJob();
    expect(failedAfter.queueName).toBe(failedBefore.queueName);
    expect(failedAfter.timestamp).toBeGreaterThan(failedBefore.timestamp);

    // The dead-letter view lists it, and only failed documents, also after its own polling.
    await page.goto(`${dashboard.url}/failed`);
    expect(await cellText(page, badId, 'error-code')).toBe(expectedBad.error!.code);
    expect(await page.locator(`tr[data-doc-id="${docId}"]`).count()).toBe(0);
    await page.waitForFunction(() => Number(document.getElementById('documents')?.dataset.refreshed) >= 1);
    expect(await page.locator('#documents tr').count()).toBe(1);
    expect(await page.locator(`tr[data-doc-id="${badId}"] button.retry`).count()).toBe(1);
    expect(await page.locator('form.retry-all button').isEnabled()).toBe(true);

    // Its document page says why and shows no image.
    await page.goto(`${dashboard.url}/documents/${badId}`);
    expect(await page.locator('p.no-image').count()).toBe(1);
    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('shows document text as text: no injected element, no script run', async () => {
    const docId = createHash('sha256').update('xss').digest('hex');
    const base = JSON.parse(fs.readFileSync(path.join(repoRoot, 'samples/expected/syn05.html.json'), 'utf8')) as NianbaoRecord;
    const record: NianbaoRecord = {
      ...base,
      id: `sha256:${docId}`,
      source: { ...base.source, name: XSS, url: 'javascript:alert(1)' },
      report: { ...base.report, title: XSS, agency: XSS_ATTR, cms: { system: 'hanweb', publisher: XSS, breadcrumb: [XSS_ATTR] } },
      facts: base.facts.map((f, i) => (i === 0 ? { ...f, label: XSS, raw: XSS_ATTR } : i === 1 ? { ...f, label: XSS_ATTR } : f)),
      checks: [{ rule: XSS, status: 'fail', keys: [base.facts[0]!.key], detail: XSS_ATTR }],
      warnings: [{ code: 'W', message: XSS }],
    };
    expect(record.source.mediaType).toBe('text/html');
    fs.mkdirSync(dirs.output, { recursive: true });
    fs.writeFileSync(path.join(dirs.output, `sha256:${docId}.json`), JSON.stringify(record));
    await running.ctx.registry.update(docId, { name: XSS, status: 'failed', errorCode: 'CORRUPT', errorMessage: XSS_ATTR });

    const context = await localContext([]);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const injected = () =>
      page.evaluate(() => ({
        scripts: ([...document.scripts] as DomElement[]).map((s) => s.getAttribute('src')),
        images: document.querySelectorAll('img').length,
        handlers: document.querySelectorAll('[onerror]').length,
        jsLinks: document.querySelectorAll('a[href^="javascript"]').length,
      }));

    await page.goto(`${dashboard.url}/`);
    // Wait for one refresh, so that the rows rebuilt by the script are checked as well.
    await page.waitForFunction(() => Number(document.getElementById('documents')?.dataset.refreshed) >= 1);
    expect(await cellText(page, docId, 'name')).toBe(XSS);
    expect(await cellText(page, docId, 'error-message')).toBe(XSS_ATTR);
    expect(await injected()).toEqual({ scripts: ['/assets/dashboard.js'], images: 0, handlers: 0, jsLinks: 0 });

    await page.goto(`${dashboard.url}/documents/${docId}`);
    expect(await page.locator('h1').textContent()).toBe(XSS);
    expect(await page.locator('tr[data-fact="0"] td.label').textContent()).toBe(XSS);
    expect(await page.locator('tr[data-fact="0"] td.value').getAttribute('title')).toBe(XSS_ATTR);
    expect(await page.locator('tr[data-fact="0"]').getAttribute('class')).toContain('flagged');
    expect(await page.locator('tr[data-fact="1"] td.label').textContent()).toBe(XSS_ATTR);
    expect(await page.locator('tr.check-fail td').first().textContent()).toBe(XSS);
    expect(await page.locator('dl.metadata').textContent()).toContain(XSS_ATTR);
    expect(await page.locator('p.no-image').textContent()).toContain('web page');
    expect(await injected()).toEqual({ scripts: ['/assets/dashboard.js'], images: 0, handlers: 0, jsLinks: 0 });
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('keeps working from a ?token= link: cookie for the page, its polling and Bull Board', async () => {
    const guarded = await startDashboard(running.ctx, { port: 0, token: TOKEN });
    const external: string[] = [];
    const context = await localContext(external);
    try {
      const page = await context.newPage();
      await page.goto(`${guarded.url}/?token=${TOKEN}`);
      await page.waitForFunction(() => Number(document.getElementById('documents')?.dataset.refreshed) >= 1);
      await page.locator('header nav a', { hasText: 'queues' }).click();
      // Bull Board lists the four stage queues from its own API calls, all under the cookie.
      for (const stage of ['ingest', 'extract', 'tables', 'normalize']) {
        await page.getByText(stage, { exact: true }).first().waitFor({ timeout: 20_000 });
      }
      expect(external).toEqual([]);
    } finally {
      await context.close();
      await guarded.close();
    }
  });
});

describe('dashboard over HTTP', () => {
  it('refuses every route without the token and accepts it as a Bearer header or ?token=', async () => {
    const guarded = await startDashboard(running.ctx, { port: 0, token: TOKEN });
    try {
      for (const route of ['/', '/api/documents', '/queues', '/metrics']) {
        const none = await fetch(`${guarded.url}${route}`);
        expect([route, none.status]).toEqual([route, 401]);
        const wrong = await fetch(`${guarded.url}${route}`, { headers: { authorization: 'Bearer not-the-right-token-at-all' } });
        expect([route, wrong.status]).toEqual([route, 401]);
        const bearer = await fetch(`${guarded.url}${route}`, { headers: { authorization: `Bearer ${TOKEN}` } });
        expect([route, bearer.status]).toEqual([route, 200]);
        const query = await fetch(`${guarded.url}${route}?token=${TOKEN}`);
        expect([route, query.status]).toEqual([route, 200]);
        const cookie = query.headers.get('set-cookie')!.split(';')[0]!;
        expect(cookie).not.toContain(TOKEN);
        expect((await fetch(`${guarded.url}${route}`, { headers: { cookie } })).status).toBe(200);
      }
      // The loopback dashboard without a token is open, with its security headers.
      const open = await fetch(`${dashboard.url}/`);
      expect(open.status).toBe(200);
      expect(open.headers.get('x-content-type-options')).toBe('nosniff');
      expect(open.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(open.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    } finally {
      await guarded.close();
    }
  });

  it('refuses a retry posted from another site and answers 404/409 for unknown or unfailed documents', async () => {
    const unknown = 'f'.repeat(64);
    const cross = await fetch(`${dashboard.url}/api/documents/${unknown}/retry`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(cross.status).toBe(403);
    expect((await fetch(`${dashboard.url}/api/documents/${unknown}/retry`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${dashboard.url}/api/documents/not-an-id/retry`, { method: 'POST' })).status).toBe(404);
    const complete = createHash('sha256').update('complete-doc').digest('hex');
    await running.ctx.registry.update(complete, { name: 'done.pdf', status: 'complete' });
    const res = await fetch(`${dashboard.url}/api/documents/${complete}/retry`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ outcome: 'not-failed' });
    expect(await running.ctx.queues.ingest.getJob(complete)).toBeUndefined();
  });

  it('lists documents as JSON with links, and exposes the metrics', async () => {
    const doc = createHash('sha256').update('listed').digest('hex');
    await running.ctx.registry.update(doc, { name: 'listed.pdf', status: 'extract', pagesTotal: 3, pagesDone: 1 });
    const list = (await (await fetch(`${dashboard.url}/api/documents`)).json()) as Array<Record<string, unknown>>;
    expect(list[0]).toMatchObject({
      docId: doc,
      name: 'listed.pdf',
      status: 'extract',
      stage: 'extract',
      pagesDone: 1,
      pagesTotal: 3,
      links: { page: `/documents/${doc}`, record: `/api/documents/${doc}/record` },
    });

    // The failed filter follows the status: a document that fails is listed, and leaves the
    // list when it is queued again.
    const dead = createHash('sha256').update('dead letter').digest('hex');
    const failedIds = async () =>
      ((await (await fetch(`${dashboard.url}/api/documents?status=failed`)).json()) as Array<{ docId: string }>).map(
        (d) => d.docId,
      );
    await running.ctx.registry.update(dead, { name: 'dead.pdf', status: 'failed', errorCode: 'CORRUPT' });
    expect(await failedIds()).toContain(dead);
    expect(await failedIds()).not.toContain(doc);
    await running.ctx.registry.update(dead, { status: 'queued' });
    expect(await failedIds()).not.toContain(dead);

    const scrape = async () => (await fetch(`${dashboard.url}/metrics`)).text();
    const value = (text: string, series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line ? Number(line.slice(series.length + 1)) : 0;
    };
    const before = await scrape();
    observeJob('extract', 0.3);
    countPages('text', 5);
    countFailure('extract', 'CORRUPT');
    const after = await scrape();
    for (const name of ['nianbao_queue_jobs', 'nianbao_job_duration_seconds', 'nianbao_pages_total', 'nianbao_failures_total']) {
      expect(after).toContain(`# TYPE ${name} `);
    }
    expect(after).toContain('process_cpu_seconds_total');
    expect(value(after, 'nianbao_pages_total{method="text"}')).toBe(value(before, 'nianbao_pages_total{method="text"}') + 5);
    const failures = 'nianbao_failures_total{stage="extract",code="CORRUPT"}';
    expect(value(after, failures)).toBe(value(before, failures) + 1);
    const durations = 'nianbao_job_duration_seconds_count{stage="extract"}';
    expect(value(after, durations)).toBe(value(before, durations) + 1);
    expect(after).toMatch(/^nianbao_queue_jobs\{stage="ingest",state="waiting"\} \d+$/m);
  });
});
