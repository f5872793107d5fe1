/**
 * What the dashboard knows about documents: their progress from the registry, their records
 * from OUTPUT_DIR, and the one action it offers, re-queueing a failed document.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Job } from 'bullmq';
import { recordSchema, type NianbaoRecord } from '../../src/record/schema.js';
import { recordFileName } from '../../src/record/write.js';
import { sourceKey } from '../../src/store/artifact-store.js';
import type { WorkerContext } from '../context.js';
import { STAGES, jobIdFor, type DocJob, type Stage } from '../jobs.js';
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

/** Documents, newest first. */
export async function listDocuments(ctx: WorkerContext, limit: number): Promise<DocumentSummary[]> {
  return (await ctx.registry.list(limit)).map(summarize);
}

export type RecordRead = { kind: 'missing' } | { kind: 'invalid'; problem: string } | { kind: 'ok'; record: NianbaoRecord };

/** The record `<OUTPUT_DIR>/sha256:<hex>.json`, checked against the record schema. */
export async function readRecord(outputDir: string, docId: string): Promise<RecordRead> {
  let text: string;
  try {
    text = await fs.readFile(path.join(outputDir, recordFileName(`sha256:${docId}`)), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { kind: 'invalid', problem: (err as Error).message };
  }
  const parsed = recordSchema.safeParse(json);
  return parsed.success ? { kind: 'ok', record: parsed.data } : { kind: 'invalid', problem: parsed.error.message };
}

export type RetryOutcome = 'queued' | 'not-found' | 'not-failed' | 'running' | 'source-missing';

/**
 * Runs a failed document again from ingest. Its old jobs are removed first (they hold the
 * deterministic job ids, so a new job would otherwise be deduplicated into the old one), and
 * its status is reset before the ingest job is added, because ingest skips documents whose
 * status is terminal.
 */
export async function retryDocument(ctx: WorkerContext, docId: string): Promise<RetryOutcome> {
  const state = await ctx.registry.get(docId);
  if (!state) return 'not-found';
  if (state.status !== 'failed') return 'not-failed';
  const jobs = (await Promise.all(STAGES.map((s) => ctx.queues[s].getJob(jobIdFor(docId))))).filter(
    (j): j is Job => j !== undefined,
  );
  for (const job of jobs) if (await job.isActive()) return 'running';
  const data = await ingestData(ctx, docId, state, jobs);
  if (!data) return 'source-missing';
  // removeChildren (the default) also takes the per-page jobs of a tables flow.
  for (const job of jobs) await job.remove();
  await ctx.registry.update(docId, { status: 'queued', errorCode: '', errorMessage: '' });
  await ctx.queues.ingest.add('ingest', data, { jobId: jobIdFor(docId) });
  ctx.log.info({ docId, name: state.name }, 'failed document re-queued');
  return 'queued';
}

/** The ingest payload: from the document's last job, else from its record, else rebuilt. */
async function ingestData(ctx: WorkerContext, docId: string, state: DocState, jobs: Job[]): Promise<DocJob | undefined> {
  const key = sourceKey(docId);
  if (!(await ctx.store.has(key))) return undefined;
  const fromJob = jobs[0]?.data as Partial<DocJob> | undefined;
  if (fromJob?.sourceKey && fromJob.name !== undefined && fromJob.bytes !== undefined && fromJob.receivedAt) {
    return { docId, sourceKey: fromJob.sourceKey, name: fromJob.name, bytes: fromJob.bytes, receivedAt: fromJob.receivedAt };
  }
  const read = await readRecord(ctx.config.outputDir, docId);
  if (read.kind === 'ok') {
    const { name, bytes, receivedAt } = read.record.source;
    return { docId, sourceKey: key, name, bytes, receivedAt };
  }
  // Jobs and record both gone (expired, deleted): the stored source still says enough.
  const bytes = (await ctx.store.get(key)).length;
  return { docId, sourceKey: key, name: state.name, bytes, receivedAt: new Date().toISOString() };
}
