/**
 * The dead letters: documents that ended `failed`. They are listed (dashboard, `nianbao
 * failed`) and can be run again from ingest (dashboard, `nianbao retry`), for example once a
 * limit has been raised or a missing source has been restored.
 */
import type { Job } from 'bullmq';
import { readRecord } from '../src/record/read.js';
import { sourceKey } from '../src/store/artifact-store.js';
import type { WorkerContext } from './context.js';
import { STAGES, jobIdFor, type DocJob } from './jobs.js';
import type { DocState } from './registry.js';

export type RetryOutcome = 'queued' | 'not-found' | 'not-failed' | 'running' | 'source-missing';

export const RETRY_OUTCOME_TEXT: Record<RetryOutcome, string> = {
  queued: 'queued again from ingest',
  'not-found': 'no such document',
  'not-failed': 'not failed: only failed documents are retried',
  running: 'a job of it is running',
  'source-missing': 'its source is no longer in the artifact store: drop the file into the upload folder again',
};

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

/** Every failed document, most recently failed first. */
export async function listFailed(ctx: WorkerContext, pageSize = 500): Promise<DocState[]> {
  const all: DocState[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await ctx.registry.listFailed(pageSize, offset);
    all.push(...page);
    if (page.length < pageSize) return all;
  }
}

/** Retries the given documents (every failed one when `docIds` is empty). */
export async function retryDocuments(
  ctx: WorkerContext,
  docIds: readonly string[],
): Promise<Array<{ docId: string; outcome: RetryOutcome }>> {
  const ids = docIds.length > 0 ? docIds : (await listFailed(ctx)).map((d) => d.docId);
  const results: Array<{ docId: string; outcome: RetryOutcome }> = [];
  for (const docId of ids) results.push({ docId, outcome: await retryDocument(ctx, docId) });
  return results;
}
