/**
 * A pool of tesseract.js workers, offline.
 *
 * - Language data comes only from a local directory (default: the installed
 *   @tesseract.js-data/chi_sim package, `4.0.0_best_int`, resolved from this module, never
 *   from the working directory). A URL is refused and a missing file is a clear error before
 *   any worker starts: without a local langPath tesseract.js downloads from a CDN, and
 *   offline that hangs forever.
 * - `cacheMethod: 'none'`: otherwise the worker writes the traineddata into the cwd.
 * - `textord_use_cjk_fp_model` is switched off: the chi_sim config turns it on, and it
 *   wrecks table pages (measured CER 19.7% → 4.6% with it off).
 * - Workers are recycled after `recycleAfterJobs` jobs or when the process RSS exceeds
 *   `maxRssBytes` (the WebAssembly heap of a worker only grows).
 *
 * tesseract.js's own scheduler cannot drop a worker, so recycling needs this small pool of
 * our own. The per-job parameters (page segmentation mode, whitelist, dpi) travel with the
 * job, and a worker's are set only when they differ from what it holds: handed to
 * tesseract.js's recognize, they are saved and restored around the call, which costs about
 * 5 ms per call (a blank strip then takes 8 ms instead of 2).
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Tesseract from 'tesseract.js';
import { NianbaoError } from '../errors.js';

export interface OcrEngineOptions {
  /** Number of tesseract workers (default 2; each uses one core while recognizing). */
  workers?: number;
  /** Language(s), '+'-joined (default 'chi_sim': alone it beat chi_sim+eng on speed and accuracy). */
  lang?: string;
  /** Local directory holding `<lang>.traineddata.gz` (default: @tesseract.js-data/<lang>/4.0.0_best_int). */
  langPath?: string;
  /** Starting one worker may take this long (ms, default 60000) before TIMEOUT. */
  createTimeoutMs?: number;
  /** One recognize call may take this long (ms, default 120000) before TIMEOUT. */
  jobTimeoutMs?: number;
  /** A worker is replaced after this many recognize calls (default 2000). */
  recycleAfterJobs?: number;
  /** Workers are replaced when the process RSS is above this (bytes, default 3 GiB). */
  maxRssBytes?: number;
}

/** Page segmentation modes used here (tesseract's PSM numbers). */
export type PageSegMode = 3 | 4 | 6 | 7 | 8 | 10 | 11 | 13;

export interface RecognizeJob {
  /** An encoded image (PNG, PGM, ...): see `greyToPgm`. */
  image: Buffer;
  psm: PageSegMode;
  /** Characters allowed (tessedit_char_whitelist); all when absent. */
  whitelist?: string;
  /** Resolution of the image, so tesseract sizes its filters right. */
  dpi?: number;
  /**
   * Read each word's symbols (default true). Without them the words come from tesseract's
   * TSV, which is cheaper to produce and to pass between threads than its JSON tree of
   * symbols and their choices (the text of six corpus pages: 72 KB against 618 KB, and 10%
   * less time in the worker).
   */
  symbols?: boolean;
}

export interface OcrSymbol {
  text: string;
  /** [x0, y0, x1, y1] in pixels of the job's image. */
  bbox: [number, number, number, number];
  /** 0..1. */
  confidence: number;
}

export interface OcrWord extends OcrSymbol {
  symbols: OcrSymbol[];
  /** Index of the text line the word belongs to (within the job). */
  line: number;
  /** The box of that text line, pixels. */
  lineBox: [number, number, number, number];
}

export interface OcrResult {
  words: OcrWord[];
  /** Mean confidence, 0..1 (0 when nothing was read). */
  confidence: number;
}

const DEFAULTS = {
  workers: 2,
  lang: 'chi_sim',
  createTimeoutMs: 60_000,
  jobTimeoutMs: 120_000,
  recycleAfterJobs: 2000,
  maxRssBytes: 3 * 1024 ** 3,
} as const;

const require = createRequire(import.meta.url);

/** The installed language data directory for `lang` (throws NO_TEXT when it is missing). */
export function defaultLangPath(lang: string): string {
  try {
    return path.join(path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int');
  } catch (err) {
    throw new NianbaoError('NO_TEXT', `OCR language data for ${lang} is not installed (@tesseract.js-data/${lang})`, {
      cause: err,
    });
  }
}

/** Checks that every language file is in the local directory; refuses URLs. */
export function checkLangPath(langPath: string, langs: readonly string[]): void {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(langPath)) {
    throw new NianbaoError('NO_TEXT', `OCR langPath must be a local directory, not a URL (${langPath}): OCR never downloads`);
  }
  for (const lang of langs) {
    const file = path.join(langPath, `${lang}.traineddata.gz`);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new NianbaoError(
        'NO_TEXT',
        `OCR language data ${file} is missing; install @tesseract.js-data/${lang} or set langPath`,
      );
    }
  }
}

interface Slot {
  worker: Tesseract.Worker;
  jobs: number;
  busy: boolean;
  /** The per-job parameters the worker holds now (set by earlier jobs). */
  params: Record<string, string>;
}

interface Pending {
  job: RecognizeJob;
  resolve: (r: OcrResult) => void;
  reject: (e: unknown) => void;
}

export class OcrEngine {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;

  private constructor(private readonly opts: Required<Omit<OcrEngineOptions, 'langPath'>> & { langPath: string }) {}

  /** Starts `workers` workers (in parallel); fails with NO_TEXT or TIMEOUT. */
  static async create(options: OcrEngineOptions = {}): Promise<OcrEngine> {
    const lang = options.lang ?? DEFAULTS.lang;
    const langs = lang.split('+');
    const langPath = options.langPath ?? defaultLangPath(langs[0]!);
    checkLangPath(langPath, langs);
    const engine = new OcrEngine({
      workers: Math.max(1, options.workers ?? DEFAULTS.workers),
      lang,
      langPath,
      createTimeoutMs: options.createTimeoutMs ?? DEFAULTS.createTimeoutMs,
      jobTimeoutMs: options.jobTimeoutMs ?? DEFAULTS.jobTimeoutMs,
      recycleAfterJobs: options.recycleAfterJobs ?? DEFAULTS.recycleAfterJobs,
      maxRssBytes: options.maxRssBytes ?? DEFAULTS.maxRssBytes,
    });
    try {
      const workers = await Promise.all(Array.from({ length: engine.opts.workers }, () => engine.startWorker()));
      for (const worker of workers) engine.slots.push({ worker, jobs: 0, busy: false, params: {} });
    } catch (err) {
      await engine.close();
      throw err;
    }
    return engine;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Queues one recognize call; resolves when a worker has done it. */
  recognize(job: RecognizeJob): Promise<OcrResult> {
    if (this.closed) return Promise.reject(new NianbaoError('INTERNAL', 'The OCR engine is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates every worker; queued jobs are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new NianbaoError('INTERNAL', 'The OCR engine was closed'));
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const next = this.queue.shift()!;
      slot.busy = true;
      void this.run(slot, next);
    }
  }

  private async run(slot: Slot, p: Pending): Promise<void> {
    try {
      p.resolve(await this.runOn(slot, p.job));
    } catch (err) {
      p.reject(err instanceof NianbaoError ? err : new NianbaoError('INTERNAL', `OCR failed: ${String(err)}`, { cause: err }));
    }
    slot.jobs++;
    try {
      if (!this.closed && (slot.jobs >= this.opts.recycleAfterJobs || process.memoryUsage.rss() > this.opts.maxRssBytes)) {
        await slot.worker.terminate().catch(() => undefined);
        slot.worker = await this.startWorker();
        slot.jobs = 0;
        slot.params = {};
      }
    } catch (err) {
      // The worker could not be replaced: drop the slot; fail queued jobs if none is left.
      this.slots.splice(this.slots.indexOf(slot), 1);
      if (this.slots.length === 0) for (const q of this.queue.splice(0)) q.reject(err);
      return;
    }
    slot.busy = false;
    if (this.closed) await slot.worker.terminate().catch(() => undefined);
    else this.dispatch();
  }

  private async runOn(slot: Slot, job: RecognizeJob): Promise<OcrResult> {
    const params: Record<string, string> = {
      tessedit_pageseg_mode: String(job.psm),
      tessedit_char_whitelist: job.whitelist ?? '',
      user_defined_dpi: job.dpi ? String(Math.round(job.dpi)) : '0',
    };
    const changed = Object.fromEntries(Object.entries(params).filter(([k, v]) => slot.params[k] !== v));
    const res = await withTimeout(
      (async () => {
        if (Object.keys(changed).length > 0) {
          // Cleared first, so that a failed call does not leave a stale record of the state.
          slot.params = {};
          await slot.worker.setParameters(changed as never);
          slot.params = params;
        }
        return job.symbols === false
          ? slot.worker.recognize(job.image, {}, { text: false, blocks: false, tsv: true })
          : slot.worker.recognize(job.image, {}, { text: false, blocks: true });
      })(),
      this.opts.jobTimeoutMs,
      'An OCR call took too long',
    );
    return job.symbols === false ? tsvResult(res.data.tsv ?? '') : toResult(res.data);
  }

  private async startWorker(): Promise<Tesseract.Worker> {
    const start = async (): Promise<Tesseract.Worker> => {
      const worker = await Tesseract.createWorker(this.opts.lang, Tesseract.OEM.LSTM_ONLY, {
        langPath: this.opts.langPath,
        gzip: true,
        cacheMethod: 'none',
      });
      await worker.setParameters({ textord_use_cjk_fp_model: '0', tessedit_do_invert: '0' } as never);
      return worker;
    };
    return withTimeout(start(), this.opts.createTimeoutMs, 'Starting an OCR worker took too long');
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NianbaoError('TIMEOUT', message)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function toResult(page: Tesseract.Page): OcrResult {
  const words: OcrWord[] = [];
  let line = 0;
  for (const block of page.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const l of para.lines) {
        for (const w of l.words) {
          words.push({
            text: w.text,
            bbox: [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1],
            confidence: clamp01(w.confidence / 100),
            symbols: w.symbols.map((s) => ({
              text: s.text,
              bbox: [s.bbox.x0, s.bbox.y0, s.bbox.x1, s.bbox.y1],
              confidence: clamp01(s.confidence / 100),
            })),
            line,
            lineBox: [l.bbox.x0, l.bbox.y0, l.bbox.x1, l.bbox.y1],
          });
        }
        line++;
      }
    }
  }
  return { words, confidence: meanConfidence(words) };
}

/**
 * Words from tesseract's TSV: one row per page, block, paragraph, line (level 4) and word
 * (level 5), each with its box (left, top, width, height) and confidence; words have no symbols.
 * Lines are numbered in order, as in toResult.
 */
export function tsvResult(tsv: string): OcrResult {
  const words: OcrWord[] = [];
  let line = -1;
  let lineBox: [number, number, number, number] = [0, 0, 0, 0];
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f.length < 12 || (f[0] !== '4' && f[0] !== '5')) continue;
    const [left, top, width, height] = [Number(f[6]), Number(f[7]), Number(f[8]), Number(f[9])];
    const box: [number, number, number, number] = [left, top, left + width, top + height];
    if (f[0] === '4') {
      line++;
      lineBox = box;
      continue;
    }
    words.push({
      text: f.slice(11).join('\t'),
      bbox: box,
      confidence: clamp01(Number(f[10]) / 100),
      symbols: [],
      line: Math.max(0, line),
      lineBox,
    });
  }
  return { words, confidence: meanConfidence(words) };
}

function meanConfidence(words: readonly OcrWord[]): number {
  return words.length > 0 ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
}

/** Raw 8-bit grey pixels as a binary PGM: tesseract reads it without any encoding cost. */
export function greyToPgm(grey: Uint8Array, width: number, height: number): Buffer {
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'ascii');
  return Buffer.concat([header, grey.subarray(0, width * height)]);
}
