/**
 * Completion events on a real Redis: one entry per record written, read back with a consumer
 * group the way examples/consume-events.mjs does, and the example itself run as a consumer.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NianbaoRecord } from '../../src/record/schema.js';
import { RedisStreamSink, eventStreamKey } from '../../src/sinks/events.js';
import { deletePrefix, repoRoot, uniquePrefix } from '../support/env.js';

const redisUrl = inject('redisUrl');
const samplesDir = path.join(repoRoot, 'samples', 'expected');
const records = fs
  .readdirSync(samplesDir)
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(samplesDir, f), 'utf8')) as NianbaoRecord);
const prefixes: string[] = [];
let redis: Redis;

function newPrefix(): string {
  const p = uniquePrefix('events');
  prefixes.push(p);
  return p;
}

type Entry = [id: string, fields: string[]];

/** One XREADGROUP of everything new, acknowledged, as the example consumer reads. */
async function readGroup(stream: string, group: string): Promise<Array<Record<string, string>>> {
  await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  const reply = (await redis.xreadgroup('GROUP', group, 'c1', 'COUNT', 1000, 'STREAMS', stream, '>')) as Array<
    [string, Entry[]]
  > | null;
  const entries = reply?.[0]?.[1] ?? [];
  if (entries.length) await redis.xack(stream, group, ...entries.map(([id]) => id));
  return entries.map(([, flat]) => Object.fromEntries(flat.flatMap((v, i) => (i % 2 ? [] : [[v, flat[i + 1] ?? '']]))));
}

function runExample(prefix: string, group: string) {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'examples/consume-events.mjs'), '--exit-when-idle'], {
    env: { ...process.env, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, EVENTS_GROUP: group, EVENTS_CONSUMER: 'test' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter(Boolean);
}

beforeAll(() => {
  redis = new Redis(redisUrl);
});

afterAll(async () => {
  for (const p of prefixes) await deletePrefix(redisUrl, p);
  redis.disconnect();
});

describe('RedisStreamSink', () => {
  it('adds one record.ready entry per record, in write order, with its fields', async () => {
    const prefix = newPrefix();
    const sink = new RedisStreamSink(redis, prefix);
    expect(sink.key).toBe(`${prefix}:events`);
    for (const r of records) await sink.write(r);
    await sink.close();
    expect(redis.status).toBe('ready'); // close() leaves the caller's connection alone

    const events = await readGroup(eventStreamKey(prefix), 'g1');
    expect(events).toEqual(
      records.map((r) => ({
        type: 'record.ready',
        id: r.id,
        status: r.status,
        format: r.report.format,
        name: r.source.name,
        file: `${r.id}.json`,
      })),
    );
    expect(events.map((e) => e.status)).toContain('failed');
    // Everything was acknowledged: nothing pending for the group.
    const [pending] = (await redis.xpending(eventStreamKey(prefix), 'g1')) as [number];
    expect(pending).toBe(0);
  });

  it('gives a record written twice two events with the same id (consumers dedupe by id)', async () => {
    const prefix = newPrefix();
    const sink = new RedisStreamSink(redis, prefix);
    const [a, b] = records;
    if (!a || !b) throw new Error('need two sample records');
    await sink.write(a);
    await sink.write(b);
    await sink.write(a);
    const events = await readGroup(eventStreamKey(prefix), 'g1');
    expect(events.map((e) => e.id)).toEqual([a.id, b.id, a.id]);
  });

  it('trims the stream to about maxLen entries', async () => {
    const prefix = newPrefix();
    const sink = new RedisStreamSink(redis, prefix, { maxLen: 10 });
    const [r] = records;
    if (!r) throw new Error('need a sample record');
    for (let i = 0; i < 500; i++) await sink.write(r);
    const len = await redis.xlen(eventStreamKey(prefix));
    expect(len).toBeGreaterThanOrEqual(10);
    expect(len).toBeLessThan(500);
  });
});

describe('examples/consume-events.mjs', () => {
  it('prints each record once, and on a restart resumes after what it acknowledged', async () => {
    const prefix = newPrefix();
    const sink = new RedisStreamSink(redis, prefix);
    const [first, second, ...rest] = records;
    if (!first || !second) throw new Error('need two sample records');
    await sink.write(first);
    await sink.write(second);
    await sink.write(first); // a retried job: printed once

    expect(runExample(prefix, 'ex')).toEqual([`${first.id} ${first.status}`, `${second.id} ${second.status}`]);
    expect(runExample(prefix, 'ex')).toEqual([]); // all acknowledged: nothing again

    for (const r of rest) await sink.write(r);
    expect(runExample(prefix, 'ex')).toEqual(rest.map((r) => `${r.id} ${r.status}`));
    // A new group starts from the beginning of the stream.
    expect(runExample(prefix, 'other')).toHaveLength(records.length);
  });

  it('re-reads entries it was given but did not acknowledge before it stopped', async () => {
    const prefix = newPrefix();
    const stream = eventStreamKey(prefix);
    const [r] = records;
    if (!r) throw new Error('need a sample record');
    await new RedisStreamSink(redis, prefix).write(r);
    // Deliver the entry to consumer "test" of group "ex" without acknowledging it: a crash.
    await redis.xgroup('CREATE', stream, 'ex', '0', 'MKSTREAM');
    await redis.xreadgroup('GROUP', 'ex', 'test', 'COUNT', 10, 'STREAMS', stream, '>');
    expect(runExample(prefix, 'ex')).toEqual([`${r.id} ${r.status}`]);
    const [pending] = (await redis.xpending(stream, 'ex')) as [number];
    expect(pending).toBe(0);
  });
});
