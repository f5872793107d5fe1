#!/usr/bin/env node
// The main job on samples/: every file in samples/inputs goes through the queues
// (`nianbao run --exit-when-idle`) and a summary of the records is printed.
// Redis: REDIS_URL if it answers, else a redis-server started for the run.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.tmp', 'demo');
const output = process.env.OUTPUT_DIR ?? path.join(root, 'output', 'samples');
fs.rmSync(work, { recursive: true, force: true });
fs.rmSync(output, { recursive: true, force: true });

const env = {
  ...process.env,
  UPLOAD_DIR: path.join(root, 'samples', 'inputs'),
  DATA_DIR: path.join(work, 'data'),
  OUTPUT_DIR: output,
  // A fresh key prefix, so an earlier demo's documents are not taken for duplicates.
  QUEUE_PREFIX: `nianbao-demo-${randomBytes(3).toString('hex')}`,
  WATCH_STABLE_MS: process.env.WATCH_STABLE_MS ?? '300',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};
const run = spawnSync(process.execPath, [path.join(root, 'bin', 'nianbao.mjs'), 'run', '--exit-when-idle'], { env, stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);
await forgetDemoKeys(env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.QUEUE_PREFIX);

/** The demo's queues and registry are of no use after it: leave the Redis as it was. */
async function forgetDemoKeys(url, prefix) {
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // A redis-server started for the run has already stopped; its data stays in .tmp/demo.
  } finally {
    redis.disconnect();
  }
}

const rows = fs
  .readdirSync(output)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(output, f), 'utf8')))
  .sort((a, b) => a.source.name.localeCompare(b.source.name));
console.log('| file | status | format | agency | year | facts | checks failed |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const failedChecks = r.checks.filter((c) => c.status === 'fail').length;
  const status = r.error ? `${r.status} (${r.error.code})` : r.status;
  console.log(`| ${r.source.name} | ${status} | ${r.report.format} | ${r.report.agency ?? ''} | ${r.report.year ?? ''} | ${r.facts.length} | ${failedChecks} |`);
}
console.log(`\n${rows.length} records in ${path.relative(process.cwd(), output) || output}`);
