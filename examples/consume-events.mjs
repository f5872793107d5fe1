#!/usr/bin/env node
// Follows nianbao's completion events and prints each record's id and status.
//
//   REDIS_URL=redis://127.0.0.1:6379 QUEUE_PREFIX=nianbao node examples/consume-events.mjs
//
// Every nianbao record written to OUTPUT_DIR adds one entry to the Redis stream
// `${QUEUE_PREFIX}:events` with the fields type ('record.ready'), id, status, format, name
// (the source file name) and file (the record's path relative to OUTPUT_DIR).
//
// Resuming: the consumer group remembers, in Redis, the last entry it handed out, so a
// restarted consumer carries on where the group left off; nothing is stored here. An entry is
// "pending" from delivery until XACK. On start this script first re-reads its own pending
// entries (id 0: delivered before a crash, never acknowledged), then reads new ones (id >).
// Keep EVENTS_CONSUMER stable across restarts for that to work; entries left pending by a
// consumer that never comes back can be taken over with XAUTOCLAIM. To skip the history and
// only see events from now on, create the group at '$' instead of '0'.
//
// Delivery is at least once: a document converted twice (a retried job) gives two events with
// the same id, and an event handled just before a crash is delivered again. Dedupe by id (the
// record is the same); below, a Set does that for one run, a real consumer would upsert by id.
// The stream is trimmed to about 100 000 entries: a consumer that falls further behind should
// resynchronise from the record files in OUTPUT_DIR.
//
// Options: --exit-when-idle stops once no event arrives within one read (for scripts and
// tests). EVENTS_GROUP (default 'example') and EVENTS_CONSUMER (default the host name) name
// the group and this consumer; two processes in one group share the events between them.
import os from 'node:os';
import { Redis } from 'ioredis';

const stream = `${process.env.QUEUE_PREFIX || 'nianbao'}:events`;
const group = process.env.EVENTS_GROUP || 'example';
const consumer = process.env.EVENTS_CONSUMER || os.hostname();
const exitWhenIdle = process.argv.includes('--exit-when-idle');
// How long one read waits for new events, in milliseconds.
const blockMs = exitWhenIdle ? 500 : 5000;

const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');

// MKSTREAM: the group can be created before nianbao has written its first event.
try {
  await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
} catch (err) {
  if (!String(err.message).startsWith('BUSYGROUP')) throw err; // the group exists: resume it
}

let stopping = false;
// The blocked read returns within blockMs, then the loop ends.
process.once('SIGINT', () => (stopping = true));
process.once('SIGTERM', () => (stopping = true));

const seen = new Set();

function handle(fields) {
  if (fields.type !== 'record.ready') return; // other event types may be added later
  if (seen.has(fields.id)) return;
  seen.add(fields.id);
  process.stdout.write(`${fields.id} ${fields.status}\n`);
}

// '0': our pending entries first; once there are none, '>': entries never delivered to the group.
let cursor = '0';
while (!stopping) {
  const reply = await redis.xreadgroup('GROUP', group, consumer, 'COUNT', 100, 'BLOCK', blockMs, 'STREAMS', stream, cursor);
  const entries = reply?.[0]?.[1] ?? [];
  if (entries.length === 0) {
    if (cursor === '>' && exitWhenIdle) break;
    cursor = '>';
    continue;
  }
  for (const [entryId, flat] of entries) {
    // A pending entry that the stream trimmed away comes back without fields.
    if (!flat) {
      await redis.xack(stream, group, entryId);
      continue;
    }
    const fields = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]] = flat[i + 1];
    handle(fields);
    // Acknowledged only once handled: a crash before this line redelivers the entry.
    await redis.xack(stream, group, entryId);
  }
}
await redis.quit();
