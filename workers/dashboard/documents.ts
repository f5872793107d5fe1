/**
 * What the dashboard knows about documents: their progress from the registry and the links
 * of their pages, records and retry action.
 */
import type { WorkerContext } from '../context.js';
import { STAGES, type Stage } from '../jobs.js';
import type { DocState } from '../registry.js';

/** Registry document ids: the bare hex sha256 of the source. */
const DOC_ID = /^[0-9a-f]{64}$/;

export function isDocId(id: string | undefined): id is string {
  return id !== undefined && DOC_ID.test(id);
}

export interface DocumentSummary extends DocState {
  /** The stage the document is in now, when it is in one. */
  stage: Stage | undefined;
  links: { page: string; record: string; retry: string };
}

export function summarize(state: DocState): DocumentSummary {
  const stage = (STAGES as readonly string[]).includes(state.status) ? (state.status as Stage) : undefined;
  const base = `/documents/${state.docId}`;
  return {
    ...state,
    stage,
    links: { page: base, record: `/api${base}/record`, retry: `/api${base}/retry` },
  };
}

/** Documents, newest first; or the failed ones only (the dead letters), last failed first. */
export async function listDocuments(ctx: WorkerContext, limit: number, only?: 'failed'): Promise<DocumentSummary[]> {
  const states = only === 'failed' ? await ctx.registry.listFailed(limit) : await ctx.registry.list(limit);
  return states.map(summarize);
}
