/**
 * The dead letters: a document refused by a limit is listed as failed (CLI and dashboard API),
 * and once the limit is raised `nianbao retry` runs it again to a complete record.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startPipeline, type Running } from '../../workers/run.js';
import { cliPath, corpusFiles, deletePrefix, hasCorpus, readRecords, tempDir, uniquePrefix, waitFor } from '../support/env.js';

const run = promisify(execFile);
const redisUrl = inject('redisUrl');
const prefix = uniquePrefix('dead-letter');
const root = tempDir('dead-letter');
const env = {
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: prefix,
  UPLOAD_DIR: path.join(root, 'uploads'),
  DATA_DIR: path.join(root, 'data'),
  OUTPUT_DIR: path.join(root, 'output'),
  WATCH_STABLE_MS: '200',
  BACKOFF_MS: '50',
  LOG_LEVEL: 'silent',
};
const [html, pdf] = corpusFiles(['html', 'text.pdf']);
let running: Running | undefined;

async function cli(...args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env } });
    return { stdout, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; code: number };
    return { stdout: e.stdout, code: e.code };
  }
}

afterAll(async () => {
  await running?.stop();
  await deletePrefix(redisUrl, prefix);
  fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!hasCorpus)('dead letters', () => {
  it('lists the documents a limit refused and runs them again with `nianbao retry` once it is raised', async () => {
    fs.mkdirSync(env.UPLOAD_DIR, { recursive: true });
    const small = Math.min(fs.statSync(html!).size, fs.statSync(pdf!).size) - 1;
    running = await startPipeline(loadConfig({ ...env, MAX_FILE_BYTES: String(small) }));
    for (const f of [html!, pdf!]) fs.copyFileSync(f, path.join(env.UPLOAD_DIR, path.basename(f)));
    const failed = await waitFor('two failed records', () => {
      const r = readRecords(env.OUTPUT_DIR);
      return r.length === 2 && r.every((x) => x.status === 'failed') && r;
    });
    expect(failed.map((r) => r.error.code)).toEqual(['TOO_LARGE', 'TOO_LARGE']);

    const listed = (await cli('failed', '--json')).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; errorCode: string; name: string });
    expect(listed.map((d) => d.id).sort()).toEqual(failed.map((r) => r.id).sort());
    expect(listed.every((d) => d.errorCode === 'TOO_LARGE')).toBe(true);
    expect(listed.map((d) => d.name).sort()).toEqual([path.basename(html!), path.basename(pdf!)].sort());

    // The operator raises the limit (new workers) and retries one document by id, then the rest.
    await running.stop();
    running = await startPipeline(loadConfig(env));
    const [first, second] = listed;
    const one = await cli('retry', first!.id);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(new RegExp(`^${first!.id}\\tqueued\\t`));
    await waitFor('the retried record', () =>
      readRecords(env.OUTPUT_DIR).find((r) => r.id === first!.id && r.status === 'complete'),
    );
    expect((await cli('failed', '--json')).stdout.trim().split('\n')).toHaveLength(1);

    const rest = await cli('retry', '--all');
    expect(rest.code).toBe(0);
    expect(rest.stdout.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${second!.id}\\tqueued\\t`))]);
    const records = await waitFor('both records complete', () => {
      const r = readRecords(env.OUTPUT_DIR);
      return r.length === 2 && r.every((x) => x.status === 'complete') && r;
    });
    expect(records.every((r) => r.facts.length > 0)).toBe(true);
    expect((await cli('failed')).stdout).toBe('');
    expect(await running.ctx.registry.listFailed()).toEqual([]);

    // A complete document is not retried, and a script naming it hears so.
    const again = await cli('retry', first!.id);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('\tnot-failed\t');
    expect((await cli('retry', 'not-an-id')).code).not.toBe(0);
  });
});
