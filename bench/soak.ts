/**
 * `npm run soak`: a long run of the pipeline as it is deployed — a watcher and one process per
 * stage on a private Redis — to see that it keeps up and that no worker grows. N documents
 * (default 500) are made from the shared corpus: its text PDFs and web pages in turn, plus a
 * few scans (each a multi-page OCR job), every copy with a few bytes appended so that it is a
 * new document (a new sha256) that still reads the same. They are dropped into UPLOAD_DIR at
 * once, like an unpacked archive, and the run ends when OUTPUT_DIR holds one record per document.
 *
 * Prints (stdout, markdown) throughput, statuses and each worker's RSS at launch, after warm-up,
 * at the end and its peak; progress goes to stderr; everything is also written to
 * bench/soak-results.json. Exit code 1 when a document has no record or was recorded twice, or
 * when a worker's RSS at the end is more than --rss-limit (default 0.2, +20%) above its RSS
 * after warm-up.
 *
 *   npm run soak                                      500 documents, 10 of them scans (~7 min on 2 cores)
 *   npm run soak -- --docs 40 --scans 1               a short try (~2 min)
 *   npm run soak -- --scans 0 --rss-limit 0.1 --keep  no OCR; keep the work folder
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { NianbaoRecord } from '../src/record/schema.js';
import { eventStreamKey } from '../src/sinks/events.js';
import { STAGES, type Stage } from '../workers/jobs.js';
import { repoRoot } from '../test/support/env.js';
import { TestRedisServer } from '../test/support/redis-server.js';
import { processPerStage, type ClusterProcess } from './cluster.js';
import { corpusDir, corpusDocs, type CorpusDoc } from './corpus.js';
import { loadAverage, ProcWatch, progress, round, tail, type ProcSample } from './proc.js';
import { fmt } from './report.js';

type Kind = 'text' | 'html' | 'scan';

interface SoakDoc {
  /** Position in the batch, from 0; also the number appended to the copy. */
  n: number;
  kind: Kind;
  /** The corpus file the copy was made from. */
  source: string;
  /** File name in UPLOAD_DIR. */
  name: string;
  /** Record id, `sha256:<hex>` of the copy's bytes. */
  id: string;
  /** Pages of the corpus document (a scan's pages all go to OCR). */
  pages: number;
}

/** A running worker process and its RSS readings. */
interface Proc {
  kind: string;
  child: ChildProcess;
  watch: ProcWatch;
  stderr: () => string;
  exited: Promise<void>;
}

interface Reading {
  rssKb: number;
  /** Seconds since the files were dropped (negative: before). */
  atS: number;
  /** Records in OUTPUT_DIR when it was taken. */
  records: number;
}

interface WorkerResult {
  kind: string;
  launch: Reading | undefined;
  start: Reading | undefined;
  /** Why the start reading was taken when it was (warm-up rule, see `baselineDue`). */
  startRule: string;
  end: Reading | undefined;
  peakKb: number;
  /** (end − start) / start. */
  change: number;
  pass: boolean;
  /** CPU used from the drop to the last record, seconds. */
  busyCpuS: number;
  /** RSS when 10%, 20%, … 100% of the records had been written, KiB. */
  byDecileKb: number[];
}

const KIND_LABEL: Record<Kind, string> = { text: 'text PDF', html: 'web page', scan: 'scanned PDF' };
const RECORD_RE = /^(sha256:[0-9a-f]{64})\.json$/;
const MiB = (kb: number | undefined): string => (kb === undefined ? '–' : fmt(kb / 1024));
const pct = (v: number): string => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%` : '–');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The batch: `scans` scanned PDFs spread evenly over it (cycling over the documents), the rest
 * the text PDFs and web pages in turn, document after document, as many rounds as it takes.
 */
function plan(docs: readonly CorpusDoc[], total: number, scans: number): Array<{ kind: Kind; doc: CorpusDoc }> {
  const scanAt = new Set(Array.from({ length: scans }, (_, i) => Math.floor(((i + 0.5) * total) / scans)));
  const out: Array<{ kind: Kind; doc: CorpusDoc }> = [];
  let plain = 0;
  let scan = 0;
  for (let i = 0; i < total; i++) {
    if (scanAt.has(i)) {
      out.push({ kind: 'scan', doc: docs[scan++ % docs.length]! });
    } else {
      out.push({ kind: plain % 2 === 0 ? 'text' : 'html', doc: docs[Math.floor(plain / 2) % docs.length]! });
      plain++;
    }
  }
  return out;
}

/**
 * A copy with new bytes that still reads the same. PDF: a comment line after the final %%EOF
 * (readers find the trailer by searching backwards for startxref, and skip comments); HTML: a
 * comment after </html>, which parsers keep out of the document's text.
 */
function mutate(bytes: Buffer, kind: Kind, n: number): Buffer {
  return Buffer.concat([bytes, Buffer.from(kind === 'html' ? `\n<!-- soak ${n} -->\n` : `\n%soak ${n}\n`, 'latin1')]);
}

/** Writes the copies into `dir` and returns them; every copy's sha256 must be new. */
function makeCopies(docs: readonly CorpusDoc[], total: number, scans: number, dir: string): SoakDoc[] {
  fs.mkdirSync(dir, { recursive: true });
  const originals = new Map<string, Buffer>();
  const ids = new Set<string>();
  const out: SoakDoc[] = [];
  for (const [n, { kind, doc }] of plan(docs, total, scans).entries()) {
    const source = kind === 'text' ? doc.textPdf : kind === 'html' ? doc.html : doc.scanPdf;
    let bytes = originals.get(source);
    if (!bytes) {
      bytes = fs.readFileSync(source);
      originals.set(source, bytes);
      // The original itself must not collide with a copy either.
      ids.add(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    }
    const copy = mutate(bytes, kind, n);
    const id = `sha256:${createHash('sha256').update(copy).digest('hex')}`;
    if (ids.has(id)) throw new Error(`copy ${n} of ${source} has the sha256 of another file (${id})`);
    ids.add(id);
    const name = `soak-${String(n).padStart(4, '0')}-${path.basename(source)}`;
    fs.writeFileSync(path.join(dir, name), copy);
    out.push({ n, kind, source, name, id, pages: doc.pages });
  }
  return out;
}

/** Record ids in OUTPUT_DIR (temporary files, `.<uuid>.tmp`, are not records yet). */
function recordIds(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).flatMap((f) => RECORD_RE.exec(f)?.[1] ?? []) : [];
}

function launch(p: ClusterProcess, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, p.args, {
    env: { ...process.env, ...env, ...p.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { kind: p.kind, child, watch: new ProcWatch(child.pid!, 1000), stderr: tail(child), exited };
}

async function stop(p: Proc): Promise<void> {
  p.watch.stop();
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const stopped = await Promise.race([p.exited.then(() => true), sleep(30_000).then(() => false)]);
  if (!stopped) {
    progress(`${p.kind} (pid ${p.child.pid}) did not stop on SIGTERM; killing it`);
    p.child.kill('SIGKILL');
    await p.exited;
  }
}

function deadProcess(procs: readonly Proc[]): Error | undefined {
  const dead = procs.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
  return dead
    ? new Error(`${dead.kind} exited (${dead.child.exitCode ?? dead.child.signalCode}): ${dead.stderr().slice(-1500)}`)
    : undefined;
}

/**
 * Ready: a stage process once its BullMQ worker has registered with Redis (CLIENT SETNAME,
 * which Queue.getWorkersCount reads: the stages log at warn, so there is no line to wait for);
 * the watcher once it logs "pipeline started", after chokidar's first scan of UPLOAD_DIR.
 */
async function waitReady(procs: readonly Proc[], queues: Record<Stage, Queue>): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = await Promise.all(
      procs.map(async (p) =>
        p.kind === 'watcher' ? p.stderr().includes('"pipeline started"') : (await queues[p.kind as Stage].getWorkersCount()) > 0,
      ),
    );
    if (ready.every(Boolean)) return;
    const dead = deadProcess(procs);
    if (dead) throw dead;
    if (Date.now() > deadline) {
      throw new Error(
        `not started within 120 s: ${procs
          .filter((_, i) => !ready[i])
          .map((p) => p.kind)
          .join(', ')}`,
      );
    }
    await sleep(250);
  }
}

async function queueCounts(queues: Record<Stage, Queue>): Promise<string> {
  const parts = await Promise.all(
    STAGES.map(async (s) => {
      const c = await queues[s].getJobCounts(
        'wait',
        'active',
        'delayed',
        'prioritized',
        'waiting-children',
        'completed',
        'failed',
      );
      return `${s} ${Object.entries(c)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k} ${v}`)
        .join(' ')}`;
    }),
  );
  return parts.join('; ');
}

async function busy(queues: Record<Stage, Queue>): Promise<boolean> {
  for (const s of STAGES) {
    const c = await queues[s].getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (Object.values(c).some((v) => v > 0)) return true;
  }
  return false;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string', default: '500' },
      scans: { type: 'string', default: '10' },
      corpus: { type: 'string', default: process.env.NIANBAO_CORPUS ?? corpusDir },
      keep: { type: 'boolean', default: false },
      'rss-limit': { type: 'string', default: '0.2' },
      'timeout-min': { type: 'string', default: '60' },
      out: { type: 'string', default: path.join(repoRoot, 'bench/soak-results.json') },
    },
  });
  const total = Number(values.docs);
  const scans = Number(values.scans);
  const rssLimit = Number(values['rss-limit']);
  const timeoutMs = Number(values['timeout-min']) * 60_000;
  if (!Number.isInteger(total) || total < 1) throw new Error('--docs: a whole number ≥ 1');
  if (!Number.isInteger(scans) || scans < 0 || scans > total) throw new Error('--scans: a whole number from 0 to --docs');
  if (!(rssLimit >= 0)) throw new Error('--rss-limit: a fraction ≥ 0, e.g. 0.2 for +20%');
  if (!(timeoutMs > 0)) throw new Error('--timeout-min: minutes > 0');
  if (!fs.existsSync(path.join(repoRoot, 'dist/cli/main.js'))) throw new Error('build first: npm run build');

  const startedAt = new Date();
  const loadStart = loadAverage();
  const docs = corpusDocs(values.corpus);
  if (docs.length === 0) throw new Error(`no documents in ${values.corpus}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-soak-'));
  const dirs = {
    staging: path.join(work, 'staging'),
    upload: path.join(work, 'uploads'),
    data: path.join(work, 'data'),
    output: path.join(work, 'output'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  progress(`making ${total} copies (${scans} scans) from ${docs.length} corpus documents in ${work}`);
  const batch = makeCopies(docs, total, scans, dirs.staging);
  const expected = new Map(batch.map((d) => [d.id, d]));

  let redis: TestRedisServer | undefined;
  let conn: Redis | undefined;
  const queues = {} as Record<Stage, Queue>;
  const procs: Proc[] = [];
  try {
    redis = await TestRedisServer.start();
    const prefix = 'soak';
    conn = new Redis(redis.url, { maxRetriesPerRequest: null });
    for (const s of STAGES) queues[s] = new Queue(s, { connection: conn, prefix });
    const env = {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      UPLOAD_DIR: dirs.upload,
      DATA_DIR: dirs.data,
      OUTPUT_DIR: dirs.output,
      LOG_LEVEL: 'warn',
      DASHBOARD_PORT: '0',
    };
    // The watcher logs at info: "pipeline started" is its only sign of having finished its
    // first scan, and beyond it the watcher logs one line per file taken.
    for (const p of processPerStage(1)) procs.push(launch(p, p.kind === 'watcher' ? { ...env, LOG_LEVEL: 'info' } : env));
    progress(`starting ${procs.map((p) => `${p.kind} (pid ${p.child.pid})`).join(', ')}; Redis at ${redis.url}`);
    await waitReady(procs, queues);

    const t0 = Date.now();
    const elapsedS = (): number => (Date.now() - t0) / 1000;
    let records = 0;
    const read = (p: Proc): Reading | undefined => {
      p.watch.sample();
      return p.watch.last ? { rssKb: p.watch.last.rssKb, atS: round(elapsedS(), 1), records } : undefined;
    };
    const launchReadings = new Map(procs.map((p) => [p.kind, read(p)]));
    const cpuAtDrop = new Map(procs.map((p) => [p.kind, p.watch.last?.cpuS ?? NaN]));

    // Dropped at once, like an unpacked archive: a rename within one file system, so the
    // watcher never sees half a file.
    for (const d of batch) fs.renameSync(path.join(dirs.staging, d.name), path.join(dirs.upload, d.name));
    progress(`dropped ${total} files into ${dirs.upload}; waiting for their records (timeout ${values['timeout-min']} min)`);

    // Warm-up: the first documents load pdf.js, its fonts, cheerio, the schema validator and
    // so on; RSS at launch is printed but is not the baseline. The baseline ("start") is the RSS
    // once 10% of the records are written.
    //
    // The OCR worker is idle until its first page, when it starts its tesseract pool
    // (OCR_WORKERS workers with the chi_sim data); then each worker's WebAssembly heap grows to
    // the largest page and strip images it has met and never shrinks, which takes a few pages
    // as the full-page calls land on each worker in turn. Measured here (2 cores, OCR_WORKERS=2):
    // 443 MiB after page 1, 522 after page 2, 607 after page 7; over 132 pages it then stayed
    // between 566 and 690 MiB with no upward trend. Against its first page, that settling alone
    // reads as +30–45%. So its warm-up is the same share of its own work as for the others: its
    // baseline is taken once 10% of the batch's OCR pages are done, and at least 5 (the
    // completed + failed counts of the ocr queue), and not before the 10% mark of the records.
    // Its RSS after its first page is printed as well. Without scans it reads nothing, and its
    // baseline is the 10% mark.
    const warmRecords = Math.max(1, Math.ceil(total / 10));
    const deciles = Array.from({ length: 10 }, (_, i) => Math.max(1, Math.ceil(((i + 1) * total) / 10)));
    const byDecile = new Map(procs.map((p) => [p.kind, [] as number[]]));
    const start = new Map<string, Reading | undefined>();
    const startRule = new Map<string, string>();
    const ocrTotal = batch.reduce((sum, d) => sum + (d.kind === 'scan' ? d.pages : 0), 0);
    const ocrDeciles = Array.from({ length: 10 }, (_, i) => Math.max(1, Math.ceil(((i + 1) * ocrTotal) / 10)));
    const warmOcrPages = Math.min(ocrTotal, Math.max(5, ocrDeciles[0]!));
    const ocrProc = procs.find((p) => p.kind === 'ocr')!;
    const ocrByDecile: number[] = [];
    let ocrPages = 0;
    let firstOcrPageS: number | undefined;
    let firstOcrPage: Reading | undefined;
    const series: Array<{ atS: number; records: number; ocrPages: number; rssKb: Record<string, number> }> = [];
    let lastSeries = -Infinity;
    let lastProgress = Date.now();
    const deadline = t0 + timeoutMs;

    for (;;) {
      const ids = recordIds(dirs.output);
      records = ids.length;
      const ocrCounts = await queues.ocr.getJobCounts('completed', 'failed');
      ocrPages = (ocrCounts.completed ?? 0) + (ocrCounts.failed ?? 0);
      if (ocrPages > 0 && firstOcrPageS === undefined) {
        firstOcrPageS = round(elapsedS(), 1);
        firstOcrPage = read(ocrProc);
      }
      while (ocrTotal > 0 && ocrByDecile.length < ocrDeciles.length && ocrPages >= ocrDeciles[ocrByDecile.length]!) {
        ocrByDecile.push(read(ocrProc)?.rssKb ?? NaN);
      }

      for (const p of procs) {
        const list = byDecile.get(p.kind)!;
        while (list.length < deciles.length && records >= deciles[list.length]!) list.push(read(p)?.rssKb ?? NaN);
        if (start.has(p.kind) || records < warmRecords) continue;
        if (p.kind !== 'ocr') {
          start.set(p.kind, read(p));
          startRule.set(p.kind, `${warmRecords} records (10%)`);
        } else if (ocrTotal > 0 && ocrPages >= warmOcrPages) {
          start.set(p.kind, read(p));
          startRule.set(
            p.kind,
            `${records} records and ${ocrPages} OCR pages (10% of its ${ocrTotal}, at least 5: ${warmOcrPages})`,
          );
        } else if (ocrTotal === 0) {
          start.set(p.kind, read(p));
          startRule.set(p.kind, `${warmRecords} records (10%; no scans, so no OCR page)`);
        }
      }
      if (elapsedS() - lastSeries >= 10) {
        lastSeries = elapsedS();
        series.push({
          atS: round(lastSeries, 1),
          records,
          ocrPages,
          rssKb: Object.fromEntries(procs.map((p) => [p.kind, p.watch.last?.rssKb ?? NaN])),
        });
      }
      if (ids.filter((id) => expected.has(id)).length === expected.size) break;

      const dead = deadProcess(procs);
      if (dead) throw dead;
      if (Date.now() > deadline) {
        throw new Error(
          `timed out after ${values['timeout-min']} min with ${records}/${total} records; queues: ${await queueCounts(queues)}`,
        );
      }
      if (Date.now() - lastProgress >= 30_000) {
        lastProgress = Date.now();
        const rss = procs.map((p) => `${p.kind} ${MiB(p.watch.last?.rssKb)}`).join(', ');
        progress(`${records}/${total} records, ${ocrPages} OCR pages, ${fmt(elapsedS() / 60)} min; RSS MiB: ${rss}`);
      }
      await sleep(1000);
    }

    const endReadings = new Map(procs.map((p) => [p.kind, read(p)]));
    const endSamples = new Map<string, ProcSample | undefined>(procs.map((p) => [p.kind, p.watch.last]));
    for (const p of procs) {
      const list = byDecile.get(p.kind)!;
      while (list.length < deciles.length) list.push(endReadings.get(p.kind)?.rssKb ?? NaN);
      if (!start.has(p.kind)) {
        // Only the OCR worker gets here: fewer of the scans' pages went to OCR than expected
        // (a page with a good text layer does not), or none.
        start.set(p.kind, firstOcrPage ?? { rssKb: list[0]!, atS: NaN, records: warmRecords });
        startRule.set(
          p.kind,
          firstOcrPage
            ? `its first OCR page (only ${ocrPages} of ${ocrTotal} scan pages went to OCR)`
            : `${warmRecords} records (10%); it read no OCR page at all`,
        );
      }
    }
    // The wall time ends with the last record written (its mtime), not with the poll that saw it.
    const lastByKind: Record<Kind, number> = { text: -Infinity, html: -Infinity, scan: -Infinity };
    for (const d of batch) {
      const atS = (fs.statSync(path.join(dirs.output, `${d.id}.json`)).mtimeMs - t0) / 1000;
      lastByKind[d.kind] = Math.max(lastByKind[d.kind], atS);
    }
    const wallS = Math.max(0.001, ...Object.values(lastByKind).filter(Number.isFinite));
    progress(`all ${total} records after ${fmt(wallS / 60)} min; waiting for the queues to drain`);

    // A record written twice shows as two completion events with the same id; let any job
    // still running finish before counting them.
    const drainBy = Date.now() + 60_000;
    while ((await busy(queues)) && Date.now() < drainBy) await sleep(500);
    await sleep(2000);
    const events = await conn.xrange(eventStreamKey(prefix), '-', '+');
    const eventsById = new Map<string, number>();
    for (const [, fields] of events) {
      const id = fields[fields.indexOf('id') + 1];
      if (id) eventsById.set(id, (eventsById.get(id) ?? 0) + 1);
    }

    // The records: statuses, error codes, pages; and whether every copy of one source read the same.
    const present = new Set(recordIds(dirs.output));
    const missing = batch.filter((d) => !present.has(d.id)).map((d) => d.name);
    const unexpected = [...present].filter((id) => !expected.has(id));
    const duplicated = [...eventsById].filter(([, n]) => n > 1).map(([id, n]) => `${expected.get(id)?.name ?? id} ×${n}`);
    const noEvent = batch.filter((d) => !eventsById.has(d.id)).map((d) => d.name);
    const statuses: Record<string, number> = { complete: 0, partial: 0, failed: 0 };
    const errorCodes: Record<string, number> = {};
    const warningCodes: Record<string, number> = {};
    const pagesByKind: Record<Kind, number> = { text: 0, html: 0, scan: 0 };
    const docsByKind: Record<Kind, number> = { text: 0, html: 0, scan: 0 };
    const readings = new Map<string, Set<string>>();
    for (const d of batch) {
      if (!present.has(d.id)) continue;
      const r = JSON.parse(fs.readFileSync(path.join(dirs.output, `${d.id}.json`), 'utf8')) as NianbaoRecord;
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.error) errorCodes[r.error.code] = (errorCodes[r.error.code] ?? 0) + 1;
      for (const w of r.warnings) warningCodes[w.code] = (warningCodes[w.code] ?? 0) + 1;
      pagesByKind[d.kind] += r.source.pages ?? 0;
      docsByKind[d.kind]++;
      const failedChecks = r.checks.filter((c) => c.status === 'fail').length;
      const summary = `${r.status} ${r.report.format} facts ${r.facts.length} failed checks ${failedChecks}`;
      readings.set(d.source, (readings.get(d.source) ?? new Set()).add(summary));
    }
    const inconsistent = [...readings]
      .filter(([, s]) => s.size > 1)
      .map(([src, s]) => `${path.basename(src)}: ${[...s].join(' | ')}`);
    const pages = pagesByKind.text + pagesByKind.html + pagesByKind.scan;

    const workers: WorkerResult[] = procs.map((p) => {
      const s = start.get(p.kind);
      const e = endReadings.get(p.kind);
      const change = s && e ? (e.rssKb - s.rssKb) / s.rssKb : NaN;
      const sample = endSamples.get(p.kind);
      return {
        kind: p.kind,
        launch: launchReadings.get(p.kind),
        start: s,
        startRule: startRule.get(p.kind) ?? '',
        end: e,
        peakKb: sample?.hwmKb ?? NaN,
        change: round(change, 4),
        pass: Number.isFinite(change) && change <= rssLimit,
        busyCpuS: round((sample?.cpuS ?? NaN) - (cpuAtDrop.get(p.kind) ?? NaN), 1),
        byDecileKb: byDecile.get(p.kind) ?? [],
      };
    });
    const ocrEnd = endReadings.get('ocr')?.rssKb ?? NaN;
    const loadEnd = loadAverage();
    const countOk = missing.length === 0 && duplicated.length === 0 && unexpected.length === 0;
    const rssOk = workers.every((w) => w.pass);
    const durationS = (Date.now() - startedAt.getTime()) / 1000;

    const list = (o: Record<string, number>): string =>
      Object.entries(o)
        .sort(([, a], [, b]) => b - a)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || '–';
    const cpu = os.cpus();
    const out: string[] = [
      `## nianbao soak: ${total} documents, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, load ${loadStart[0]} → ${loadEnd[0]}, ${fmt(durationS / 60)} min in all`,
      '',
      '| measure | value |',
      '|---|---|',
      `| documents | ${(['text', 'html', 'scan'] as const).map((k) => `${KIND_LABEL[k]} ${docsByKind[k]} (${pagesByKind[k]} pages)`).join(', ')} |`,
      `| records | ${present.size} of ${total}: missing ${missing.length}, written twice ${duplicated.length}, unexpected ${unexpected.length} |`,
      `| status | ${list(statuses)} |`,
      `| error codes | ${list(errorCodes)} |`,
      `| warning codes | ${list(warningCodes)} |`,
      `| wall time, drop → last record | ${fmt(wallS / 60)} min |`,
      `| throughput | ${fmt(total / (wallS / 60))} documents/min, ${fmt(pages / (wallS / 60))} pages/min |`,
      `| last record of each kind | ${(['text', 'html', 'scan'] as const)
        .filter((k) => docsByKind[k] > 0)
        .map((k) => `${KIND_LABEL[k]} ${fmt(lastByKind[k] / 60)} min`)
        .join(', ')} |`,
      `| OCR pages | ${ocrPages} (first done ${firstOcrPageS ?? '–'} s after the drop) |`,
      '',
      `| worker | RSS at launch (MiB) | start, after warm-up (MiB) | end (MiB) | peak (MiB) | end vs start | ≤ +${fmt(rssLimit * 100)}% | CPU (s) |`,
      '|---|--:|--:|--:|--:|--:|---|--:|',
      ...workers.map(
        (w) =>
          `| ${w.kind} | ${MiB(w.launch?.rssKb)} | ${MiB(w.start?.rssKb)} | ${MiB(w.end?.rssKb)} | ${MiB(w.peakKb)} | ` +
          `${pct(w.change)} | ${w.pass ? 'PASS' : 'FAIL'} | ${fmt(w.busyCpuS)} |`,
      ),
      '',
      `RSS (MiB) as the records land (${deciles.join(', ')} records):`,
      '',
      `| worker | ${deciles.map((_, i) => `${(i + 1) * 10}%`).join(' | ')} |`,
      `|---|${deciles.map(() => '--:').join('|')}|`,
      ...workers.map((w) => `| ${w.kind} | ${w.byDecileKb.map((kb) => MiB(kb)).join(' | ')} |`),
      ...(ocrTotal > 0
        ? [
            '',
            `OCR worker RSS (MiB) as its pages are done (${ocrDeciles.join(', ')} of ${ocrTotal} pages; first page: ${MiB(firstOcrPage?.rssKb)}):`,
            '',
            `| worker | ${ocrDeciles.map((_, i) => `${(i + 1) * 10}%`).join(' | ')} |`,
            `|---|${ocrDeciles.map(() => '--:').join('|')}|`,
            `| ocr | ${ocrDeciles.map((_, i) => MiB(ocrByDecile[i])).join(' | ')} |`,
          ]
        : []),
      '',
      ...workers.map((w) => `- ${w.kind}: start = RSS at ${w.startRule}.`),
      ...(firstOcrPage
        ? [
            `- ocr after its first page: ${MiB(firstOcrPage.rssKb)} MiB, end vs that ${pct((ocrEnd - firstOcrPage.rssKb) / firstOcrPage.rssKb)} (tesseract's heaps still growing; see the comment in bench/soak.ts).`,
          ]
        : []),
      '- pages: a web page counts as one; the records were written by one process per stage at the default concurrency.',
      ...(missing.length ? [`- **missing records**: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ' …' : ''}`] : []),
      ...(duplicated.length ? [`- **written twice** (completion events): ${duplicated.slice(0, 20).join(', ')}`] : []),
      ...(unexpected.length ? [`- **records of no document of the batch**: ${unexpected.slice(0, 20).join(', ')}`] : []),
      ...(noEvent.length ? [`- records without a completion event: ${noEvent.length}`] : []),
      ...(inconsistent.length ? [`- copies of one source that read differently: ${inconsistent.join('; ')}`] : []),
      '',
      `**${countOk && rssOk ? 'PASS' : 'FAIL'}**: ${countOk ? 'one record per document' : 'records missing or written twice'}; ` +
        `${
          rssOk
            ? `every worker within +${fmt(rssLimit * 100)}%`
            : `RSS grew more than +${fmt(rssLimit * 100)}%: ${workers
                .filter((w) => !w.pass)
                .map((w) => w.kind)
                .join(', ')}`
        }`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);

    fs.writeFileSync(
      values.out,
      `${JSON.stringify(
        {
          startedAt: startedAt.toISOString(),
          durationS: round(durationS, 1),
          options: { docs: total, scans, corpus: values.corpus, rssLimit },
          cores: cpu.length,
          loadStart,
          loadEnd,
          wallS: round(wallS, 1),
          lastRecordS: Object.fromEntries(Object.entries(lastByKind).map(([k, v]) => [k, round(v, 1)])),
          throughput: { docsPerMin: round(total / (wallS / 60), 2), pagesPerMin: round(pages / (wallS / 60), 2) },
          documents: docsByKind,
          pages: pagesByKind,
          ocrPages,
          ocrPagesExpected: ocrTotal,
          firstOcrPageS,
          firstOcrPage,
          ocrByDecileKb: ocrByDecile,
          statuses,
          errorCodes,
          warningCodes,
          missing,
          duplicated,
          unexpected,
          noEvent,
          inconsistent,
          workers,
          series,
          pass: countOk && rssOk,
        },
        null,
        1,
      )}\n`,
    );
    progress(`results written to ${values.out}`);
    if (!countOk || !rssOk) process.exitCode = 1;
  } finally {
    await Promise.all(procs.map((p) => stop(p)));
    await Promise.all(Object.values(queues).map((q) => q.close()));
    conn?.disconnect();
    await redis?.dispose();
    if (values.keep) progress(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`soak: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
