/**
 * Bull Board for the four stage queues, mounted at /queues. Its retry and clean actions are
 * left on: the dashboard's token (or loopback binding) already decides who gets here.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import type { WorkerContext } from '../context.js';
import { STAGES } from '../jobs.js';

export const QUEUES_PATH = '/queues';

/**
 * Bull Board's page carries inline styles and a link to Google Fonts; its scripts are files.
 * This policy lets the styles through and keeps the browser from fetching anything outside.
 */
export const QUEUES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export function bullBoardRouter(ctx: WorkerContext): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: STAGES.map((s) => new BullMQAdapter(ctx.queues[s], { displayName: s })),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'nianbao queues',
        miscLinks: [{ text: 'Documents', url: '/' }],
        hideDocsLink: true,
      },
    },
  });
  return serverAdapter.getRouter() as Router;
}
