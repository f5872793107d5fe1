/** `nianbao failed` and `nianbao retry`: the dead letters from a shell. */
import type { Command } from 'commander';
import { loadConfig, type Config } from '../src/config.js';
import { createLogger } from '../src/log.js';
import type { WorkerContext } from '../workers/context.js';
import { redisAnswers, RedisUnavailableError } from './redis.js';

/** A document as users see it in records (`sha256:<hex>`) or in the registry (`<hex>`). */
const DOC_REF = /^(?:sha256:)?([0-9a-f]{64})$/;

async function withContext<T>(use: (ctx: WorkerContext) => Promise<T>): Promise<T> {
  const config: Config = loadConfig();
  if (!(await redisAnswers(config.redisUrl))) {
    throw new RedisUnavailableError(`No Redis answers at REDIS_URL: the queues and the list of failed documents live there.`);
  }
  const { createContext } = await import('../workers/context.js');
  const ctx = await createContext(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel));
  try {
    return await use(ctx);
  } finally {
    await ctx.close();
  }
}

async function failedCommand(flags: { json?: boolean }): Promise<void> {
  const { listFailed } = await import('../workers/dead-letter.js');
  const docs = await withContext(listFailed);
  if (flags.json) {
    for (const d of docs) process.stdout.write(`${JSON.stringify({ id: `sha256:${d.docId}`, ...d })}\n`);
    return;
  }
  for (const d of docs) {
    process.stdout.write([`sha256:${d.docId}`, d.updatedAt, d.errorCode ?? '', d.name, d.errorMessage ?? ''].join('\t') + '\n');
  }
  process.stderr.write(`${docs.length} failed document${docs.length === 1 ? '' : 's'}\n`);
}

async function retryCommand(refs: string[], flags: { all?: boolean }, command: Command): Promise<void> {
  if (refs.length === 0 && !flags.all) command.error('nianbao: name the documents to retry, or --all');
  if (refs.length > 0 && flags.all) command.error('nianbao: either document ids or --all, not both');
  const ids = refs.map((r) => DOC_REF.exec(r.trim().toLowerCase())?.[1] ?? command.error(`nianbao: not a document id: ${r}`));
  const { RETRY_OUTCOME_TEXT, retryDocuments } = await import('../workers/dead-letter.js');
  const results = await withContext((ctx) => retryDocuments(ctx, ids));
  for (const r of results) process.stdout.write(`sha256:${r.docId}\t${r.outcome}\t${RETRY_OUTCOME_TEXT[r.outcome]}\n`);
  const queued = results.filter((r) => r.outcome === 'queued').length;
  process.stderr.write(`${queued} of ${results.length} document${results.length === 1 ? '' : 's'} queued again\n`);
  // Naming a document that cannot be retried is an error for scripts; --all only retries what it found.
  if (queued < results.length) process.exitCode = 1;
}

export function registerDeadLetterCommands(program: Command): void {
  program
    .command('failed')
    .description('list the failed documents (the dead letters): id, time, error code, name, message')
    .option('--json', 'one JSON object per line')
    .action(failedCommand);
  program
    .command('retry')
    .description('run failed documents again from ingest (REDIS_URL, QUEUE_PREFIX)')
    .argument('[ids...]', 'record ids (sha256:<hex>) of failed documents')
    .option('--all', 'every failed document')
    .action(retryCommand);
}
