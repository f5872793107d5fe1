/**
 * The dashboard: our documents view at /, a page per document with its facts drawn on the
 * source pages, Bull Board at /queues and Prometheus metrics at /metrics. It only reads the
 * registry, the records and the queues, so it can run beside `nianbao run` or on its own.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Config } from '../../src/config.js';
import { createContext, type WorkerContext } from '../context.js';
import { enableMetrics, metricsHandler } from '../metrics.js';
import { DASHBOARD_CSS, DASHBOARD_JS } from './assets.js';
import { requireToken, sameOriginWrites } from './auth.js';
import { readRecord } from '../../src/record/read.js';
import { retryDocument, retryDocuments, type RetryOutcome } from '../dead-letter.js';
import { isDocId, listDocuments, summarize } from './documents.js';
import { pageImageHandler } from './page-images.js';
import { QUEUES_CSP, QUEUES_PATH, bullBoardRouter } from './queues.js';
import { documentPage, documentsPage, messagePage } from './views.js';

export interface DashboardOptions {
  /** Defaults: config.dashboard. Port 0 picks a free port. */
  host?: string;
  port?: number;
  token?: string;
}

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

/** Our own pages: scripts, styles and images from this origin only, nothing inline. */
const PAGES_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const RETRY_STATUS: Record<RetryOutcome, number> = {
  queued: 202,
  'not-found': 404,
  'not-failed': 409,
  running: 409,
  'source-missing': 410,
};

export function dashboardApp(ctx: WorkerContext, token: string | undefined): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' });
    next();
  });
  app.use(requireToken(token));
  app.use(sameOriginWrites);
  app.use(QUEUES_PATH, (_req, res, next) => (res.set('Content-Security-Policy', QUEUES_CSP), next()), bullBoardRouter(ctx));
  app.use((_req, res, next) => {
    res.set('Content-Security-Policy', PAGES_CSP);
    next();
  });
  app.get('/metrics', metricsHandler(ctx));
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  app.get('/assets/dashboard.css', (_req, res) => void res.type('text/css').send(DASHBOARD_CSS));
  app.get('/assets/dashboard.js', (_req, res) => void res.type('text/javascript').send(DASHBOARD_JS));

  const limitOf = (req: Request): number => Math.min(1000, Math.max(1, Number(req.query.limit) || 200));
  const onlyOf = (req: Request): 'failed' | undefined => (req.query.status === 'failed' ? 'failed' : undefined);
  app.get('/api/documents', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await listDocuments(ctx, limitOf(req), onlyOf(req)));
  });
  app.get('/api/documents/:id/record', async (req, res) => {
    const read = isDocId(req.params.id) ? await readRecord(ctx.config.outputDir, req.params.id) : undefined;
    if (read?.kind !== 'ok') return void res.status(404).json({ error: read?.kind ?? 'not-found' });
    res.set('Cache-Control', 'no-store').json(read.record);
  });
  app.post('/api/documents/:id/retry', async (req, res) => {
    const outcome = isDocId(req.params.id) ? await retryDocument(ctx, req.params.id) : 'not-found';
    // A form posted without the page's script comes back to the list.
    if (req.accepts(['json', 'html']) === 'html' && outcome === 'queued') return void res.redirect(303, '/');
    res.status(RETRY_STATUS[outcome]).json({ outcome });
  });

  app.post('/api/failed/retry', async (req, res) => {
    const results = await retryDocuments(ctx, []);
    if (req.accepts(['json', 'html']) === 'html') return void res.redirect(303, '/failed');
    res.status(202).json({ queued: results.filter((r) => r.outcome === 'queued').length, results });
  });

  app.get('/failed', async (req, res) => {
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(documentsPage(await listDocuments(ctx, limitOf(req), 'failed'), 'failed').value);
  });
  app.get('/', async (req, res) => {
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(documentsPage(await listDocuments(ctx, limitOf(req))).value);
  });
  app.get('/documents/:id', async (req, res) => {
    const id = req.params.id;
    if (!isDocId(id)) return void res.status(404).type('html').send(messagePage('Not found', 'No such document.').value);
    const [state, read] = await Promise.all([ctx.registry.get(id), readRecord(ctx.config.outputDir, id)]);
    if (!state && read.kind === 'missing') {
      return void res.status(404).type('html').send(messagePage('Not found', 'No such document.').value);
    }
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(documentPage(id, state && summarize(state), read).value);
  });
  app.get('/documents/:id/pages/:file', pageImageHandler(ctx));

  app.use((_req: Request, res: Response) => void res.status(404).type('text/plain').send('not found\n'));
  // Express 5 passes rejected async handlers here. The message stays in the log, not the page.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    ctx.log.error({ err, path: req.path }, 'dashboard request failed');
    if (!res.headersSent) res.status(500).type('text/plain').send('internal error\n');
  });
  return app;
}

export async function startDashboard(ctx: WorkerContext, opts: DashboardOptions = {}): Promise<Dashboard> {
  const host = opts.host ?? ctx.config.dashboard.host;
  const port = opts.port ?? ctx.config.dashboard.port;
  const token = opts.token ?? ctx.config.dashboard.token;
  await enableMetrics();
  const server = http.createServer(dashboardApp(ctx, token));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  ctx.log.info({ url, auth: token ? 'token' : 'loopback' }, 'dashboard listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Open keep-alive connections (the browser, Bull Board's polling) would hold close().
        server.closeAllConnections();
      }),
  };
}

/** The dashboard as a process of its own: serves until SIGTERM or SIGINT, then closes cleanly. */
export async function serveDashboard(config: Config): Promise<void> {
  const ctx = await createContext(config);
  const dashboard = await startDashboard(ctx);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  ctx.log.info({ signal }, 'shutting down dashboard');
  await dashboard.close();
  await ctx.close();
}
