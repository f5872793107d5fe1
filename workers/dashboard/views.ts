/**
 * The dashboard's pages, server-rendered with the escaping `html` template. The scripts are
 * static files (/assets/dashboard.js), so the Content-Security-Policy needs no inline script.
 */
import type { Check, Fact, NianbaoRecord } from '../../src/record/schema.js';
import type { RecordRead } from '../../src/record/read.js';
import type { DocumentSummary } from './documents.js';
import { html, httpUrl, type HtmlValue, type SafeHtml } from './html.js';

/** Pixels per PDF point of the page images (src/render/page-image.ts). */
export const PAGE_IMAGE_SCALE = 1.5;

export function layout(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · nianbao</title>
        <link rel="stylesheet" href="/assets/dashboard.css" />
        <script src="/assets/dashboard.js" defer></script>
      </head>
      <body>
        <header>
          <a href="/">nianbao</a>
          <nav>
            <a href="/">documents</a> <a href="/failed">failed</a> <a href="/queues/">queues</a> <a href="/metrics">metrics</a>
          </nav>
        </header>
        <main>${body}</main>
      </body>
    </html> `;
}

/** ISO time shown the same way by the server and by the refresh script: UTC, to the second. */
export function shownTime(iso: string): string {
  return iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '';
}

export function pagesShown(d: { pagesDone?: number; pagesTotal?: number }): string {
  return d.pagesTotal === undefined && d.pagesDone === undefined ? '–' : `${d.pagesDone ?? 0} / ${d.pagesTotal ?? '?'}`;
}

/** One row of the documents table. dashboard.js builds the same cells from /api/documents. */
function documentRow(d: DocumentSummary): SafeHtml {
  return html`<tr data-doc-id="${d.docId}" class="status-${d.status}">
    <td class="name"><a href="${d.links.page}">${d.name || d.docId.slice(0, 12)}</a></td>
    <td class="status">${d.status}</td>
    <td class="stage">${d.stage ?? '–'}</td>
    <td class="pages">${pagesShown(d)}</td>
    <td class="error-code">${d.errorCode ?? ''}</td>
    <td class="error-message">${d.errorMessage ?? ''}</td>
    <td class="updated"><time datetime="${d.updatedAt}">${shownTime(d.updatedAt)}</time></td>
    <td class="actions">
      ${
        d.status === 'failed'
          ? html`<form method="post" action="${d.links.retry}" class="retry">
              <button type="submit" class="retry">Retry</button>
            </form>`
          : ''
      }
    </td>
  </tr>`;
}

export function documentsPage(docs: DocumentSummary[], only?: 'failed'): SafeHtml {
  const failed = only === 'failed';
  return layout(
    failed ? 'Failed documents' : 'Documents',
    html`<h1>${failed ? 'Failed documents' : 'Documents'}</h1>
      ${
        failed
          ? html`<p class="dead-letter">
                Documents that could not be converted, last failed first, with the reason. Retry runs them again from ingest
                (after a limit has been raised, for example); <code>nianbao failed</code> and <code>nianbao retry</code> do the
                same from a shell.
              </p>
              <form method="post" action="/api/failed/retry" class="retry-all">
                <button type="submit" class="retry" ${docs.length ? '' : 'disabled'}>Retry all</button>
              </form>`
          : ''
      }
      <table class="documents">
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            <th>Stage</th>
            <th>Pages</th>
            <th>Error</th>
            <th>Message</th>
            <th>Updated</th>
            <th></th>
          </tr>
        </thead>
        <tbody id="documents" data-refreshed="0" data-source="${failed ? '/api/documents?status=failed' : '/api/documents'}">
          ${docs.map(documentRow)}
        </tbody>
      </table>
      <p class="empty" ${docs.length ? 'hidden' : ''}>
        ${failed ? 'No failed documents.' : 'No documents yet: drop a PDF or HTML file into the upload folder.'}
      </p>`,
  );
}

const definition = (term: string, value: HtmlValue): SafeHtml =>
  value === undefined || value === null || value === ''
    ? html``
    : html`<dt>${term}</dt>
        <dd>${value}</dd>`;

function metadata(record: NianbaoRecord): SafeHtml {
  const { report, source } = record;
  const url = httpUrl(source.url);
  return html`<dl class="metadata">
    ${definition('Title', report.title)}${definition('Agency', report.agency)}${definition('Year', report.year)}
    ${definition('Published', report.publishedOn)}${definition('Format', report.format)}
    ${definition('Record status', record.status)}${definition('File', source.name)}${definition('Type', source.mediaType)}
    ${definition('Bytes', source.bytes)}${definition('Pages', source.pages)}${definition('Received', source.receivedAt)}
    ${url ? definition('URL', html`<a href="${url}" rel="noreferrer noopener">${url}</a>`) : definition('URL', source.url)}
    ${definition('CMS', report.cms?.system)}${definition('Index no.', report.cms?.indexNo)}
    ${definition('Publisher', report.cms?.publisher)}${definition('CMS published', report.cms?.publishedOn)}
    ${definition('Disclosure', report.cms?.disclosure)}${definition('Breadcrumb', report.cms?.breadcrumb?.join(' › '))}
    ${record.error ? html`${definition('Error', record.error.code)}${definition('Message', record.error.message)}` : ''}
  </dl>`;
}

/** Failed checks first; the table is folded away when every check passed. */
function checksTable(checks: Check[]): SafeHtml {
  if (!checks.length) return html`<p>No checks.</p>`;
  const order = { fail: 0, skip: 1, pass: 2 } as const;
  const sorted = [...checks].sort((a, b) => order[a.status] - order[b.status]);
  const failed = checks.some((c) => c.status === 'fail');
  const table = html`<table class="checks">
    <thead>
      <tr>
        <th>Rule</th>
        <th>Status</th>
        <th>Keys</th>
        <th>Detail</th>
      </tr>
    </thead>
    <tbody>
      ${sorted.map(
        (c) =>
          html`<tr class="check-${c.status}">
            <td>${c.rule}</td>
            <td class="status">${c.status}</td>
            <td class="keys">${c.keys.join(', ')}</td>
            <td>${c.detail}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
  return failed
    ? html`<details open>
        <summary>Results</summary>
        ${table}
      </details>`
    : html`<details>
        <summary>Results</summary>
        ${table}
      </details>`;
}

function factsTable(facts: Fact[], failedBy: Map<string, string[]>): SafeHtml {
  if (!facts.length) return html`<p>No facts.</p>`;
  return html`<table class="facts">
    <thead>
      <tr>
        <th></th>
        <th>Key</th>
        <th>Period</th>
        <th>Value</th>
        <th>Unit</th>
        <th>Label</th>
        <th>Page</th>
        <th>Method</th>
        <th>Confidence</th>
      </tr>
    </thead>
    <tbody>
      ${facts.map((f, i) => {
        const failed = failedBy.get(f.key);
        return html`<tr data-fact="${i}" class="${failed ? 'flagged' : ''}">
          <td class="flag" title="${failed ? `failed: ${failed.join(', ')}` : ''}">${failed ? '✗' : ''}</td>
          <td class="key">${f.key}</td>
          <td>${f.period}</td>
          <td class="value" title="${f.raw}">${f.value ?? '—'}</td>
          <td>${f.unit}</td>
          <td class="label">${f.label}</td>
          <td>${f.source.page}</td>
          <td>${f.source.method}</td>
          <td>${f.source.confidence.toFixed(2)}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

/** A page image with the boxes of its facts, in pixels of the image (points × scale). */
function pageFigure(docId: string, page: number, facts: Fact[], failedBy: Map<string, string[]>): SafeHtml {
  const s = PAGE_IMAGE_SCALE;
  const boxes = facts.flatMap((f, i) => {
    const b = f.source.page === page ? f.source.bbox : null;
    if (!b) return [];
    const [x0, y0, x1, y1] = b.map((v) => Math.round(v * s * 10) / 10) as [number, number, number, number];
    return [
      html`<rect
        class="box${failedBy.has(f.key) ? ' flagged' : ''}"
        data-fact="${i}"
        x="${x0}"
        y="${y0}"
        width="${x1 - x0}"
        height="${y1 - y0}"
        ><title>${f.key}: ${f.raw}</title></rect
      >`,
    ];
  });
  return html`<figure class="page">
    <figcaption>Page ${page}</figcaption>
    <div class="sheet">
      <img src="/documents/${docId}/pages/${page}.png" alt="page ${page}" data-page="${page}" />
      <svg class="boxes" xmlns="http://www.w3.org/2000/svg">${boxes}</svg>
    </div>
  </figure>`;
}

function pageImages(docId: string, record: NianbaoRecord, failedBy: Map<string, string[]>): SafeHtml {
  if (record.source.mediaType !== 'application/pdf') {
    return html`<p class="no-image">This document is a web page: there is no page image.</p>`;
  }
  if (record.status === 'failed') return html`<p class="no-image">The PDF could not be read: there is no page image.</p>`;
  const pages = [...new Set(record.facts.filter((f) => f.source.bbox).map((f) => f.source.page))].sort((a, b) => a - b);
  return html`${(pages.length ? pages : [1]).map((p) => pageFigure(docId, p, record.facts, failedBy))}`;
}

export function documentPage(docId: string, summary: DocumentSummary | undefined, read: RecordRead): SafeHtml {
  const title = summary?.name || (read.kind === 'ok' ? read.record.source.name : docId);
  const state = summary
    ? html`<p class="state">
        Status <strong class="status">${summary.status}</strong>${summary.stage ? html` in ${summary.stage}` : ''} · pages
        ${pagesShown(summary)} · updated
        <time datetime="${summary.updatedAt}">${shownTime(summary.updatedAt)}</time
        >${summary.errorCode ? html` · <span class="error-code">${summary.errorCode}</span> ${summary.errorMessage ?? ''}` : ''}
      </p>`
    : '';
  if (read.kind !== 'ok') {
    const why =
      read.kind === 'missing'
        ? 'No record has been written for this document yet.'
        : `The record could not be read: ${read.problem}`;
    return layout(
      title,
      html`<h1>${title}</h1>
        ${state}
        <p class="no-record">${why}</p>`,
    );
  }
  const { record } = read;
  const failedBy = new Map<string, string[]>();
  for (const c of record.checks) {
    if (c.status === 'fail') for (const k of c.keys) failedBy.set(k, [...(failedBy.get(k) ?? []), c.rule]);
  }
  const failing = record.checks.filter((c) => c.status === 'fail').length;
  return layout(
    title,
    html`<h1>${title}</h1>
      ${state}
      <p><a href="/api/documents/${docId}/record">record JSON</a></p>
      ${metadata(record)}
      <h2>Checks <small>${record.checks.length} · ${failing} failed</small></h2>
      ${checksTable(record.checks)}
      <h2>Warnings</h2>
      ${
        record.warnings.length
          ? html`<ul class="warnings">
              ${record.warnings.map((w) => html`<li><code>${w.code}</code> ${w.message}${w.page ? html` (page ${w.page})` : ''}${w.key ? html` [${w.key}]` : ''}</li>`)}
            </ul>`
          : html`<p>None.</p>`
      }
      <div class="split">
        <section>
          <h2>Facts <small>${record.facts.length}</small></h2>
          ${factsTable(record.facts, failedBy)}
        </section>
        <section class="pages">
          <h2>Pages</h2>
          ${pageImages(docId, record, failedBy)}
        </section>
      </div>`,
  );
}

export function messagePage(title: string, message: string): SafeHtml {
  return layout(
    title,
    html`<h1>${title}</h1>
      <p>${message}</p>`,
  );
}
