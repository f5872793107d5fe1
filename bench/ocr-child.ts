/**
 * Our OCR stage in a process of its own, so that its CPU time and RSS are its alone.
 *
 *   node --import tsx bench/ocr-child.ts stage --workers 2 [--concurrency 1] --out DIR IMAGE.png...
 *     OCRs each image with `ocrSourcePage` (what the OCR worker runs), `--concurrency` pages
 *     at a time through one engine (convert and the worker read as many pages at a time as
 *     the engine has workers, OCR_CONCURRENCY=2 by default), twice: cold, then warm; writes
 *     DIR/<image>.json (the page's text items) and prints a StageResult on stdout.
 *   node --import tsx bench/ocr-child.ts memory --workers 2 --pages 200 --at 1,50,200 FILE.pdf#PAGE...
 *     OCRs the listed PDF pages in a loop until `--pages` pages are done and prints the
 *     process RSS after the pages listed in `--at`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OcrEngine } from '../src/ocr/engine.js';
import { loadConfig } from '../src/config.js';
import { loadOcrModules, ocrSourcePage } from '../src/pipeline/stages.js';
import { procSample } from './proc.js';

export interface StageResult {
  /** Starting the engine (workers, language data), seconds; not part of wallS. */
  startS: number;
  /** The first reading of the pages, on a cold engine. */
  coldWallS: number;
  coldCpuS: number;
  /** The second reading, warm: what a running worker spends. */
  wallS: number;
  cpuS: number;
  pages: number;
}

export interface MemoryCheckpoint {
  pages: number;
  rssMb: number;
  hwmMb: number;
  elapsedS: number;
}

export interface MemoryResult {
  checkpoints: MemoryCheckpoint[];
  wallS: number;
  cpuS: number;
  pages: number;
  failedPages: number;
}

/** The limits a worker runs with by default. */
const { limits } = loadConfig({});

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function stage(workers: number, concurrency: number, outDir: string, images: string[]): Promise<StageResult> {
  const t0 = performance.now();
  // A worker process starts its engine and loads the OCR modules once; neither is a page's cost.
  const [engine] = await Promise.all([OcrEngine.create({ workers }), loadOcrModules()]);
  const startS = (performance.now() - t0) / 1000;
  try {
    // The first reading runs on a cold engine: V8 compiles tesseract's WebAssembly with its
    // baseline compiler first and optimizes it while it runs (tier-up), which a long-running
    // worker does once. It is timed apart; the pages are then read again, warm.
    const cold = await readPages(engine, concurrency, images);
    const warm = await readPages(engine, concurrency, images, outDir);
    return { startS, coldWallS: cold.wallS, coldCpuS: cold.cpuS, ...warm, pages: images.length };
  } finally {
    await engine.close();
  }
}

/** OCRs the images, `concurrency` at a time; writes each page's items into `outDir` if given. */
async function readPages(
  engine: OcrEngine,
  concurrency: number,
  images: readonly string[],
  outDir?: string,
): Promise<{ wallS: number; cpuS: number }> {
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < images.length) {
      const file = images[next++]!;
      const content = await ocrSourcePage(new Uint8Array(fs.readFileSync(file)), 'image/png', 1, engine, limits);
      if (!outDir) continue;
      const items = content.items.map((i) => ({ text: i.text, bbox: i.bbox }));
      fs.writeFileSync(path.join(outDir, `${path.basename(file, '.png')}.json`), JSON.stringify(items));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { wallS: (performance.now() - t0) / 1000, cpuS: cpuSeconds() - cpu0 };
}

async function memory(workers: number, pages: number, at: number[], sources: string[]): Promise<MemoryResult> {
  const engine = await OcrEngine.create({ workers });
  const docs = new Map<string, Uint8Array>();
  const checkpoints: MemoryCheckpoint[] = [];
  let failedPages = 0;
  try {
    const cpu0 = cpuSeconds();
    const t0 = performance.now();
    for (let done = 1; done <= pages; done++) {
      const [file = '', pageText = '1'] = sources[(done - 1) % sources.length]!.split('#');
      let data = docs.get(file);
      if (!data) docs.set(file, (data = new Uint8Array(fs.readFileSync(file))));
      try {
        await ocrSourcePage(data, 'application/pdf', Number(pageText), engine, limits);
      } catch {
        failedPages++;
      }
      if (at.includes(done)) {
        const s = procSample(process.pid);
        const rss = s?.rssKb ?? process.memoryUsage.rss() / 1024;
        const checkpoint = {
          pages: done,
          rssMb: rss / 1024,
          hwmMb: (s?.hwmKb ?? NaN) / 1024,
          elapsedS: (performance.now() - t0) / 1000,
        };
        checkpoints.push(checkpoint);
        process.stderr.write(`  ocr memory: ${done} pages, RSS ${checkpoint.rssMb.toFixed(0)} MiB\n`);
      } else if (done % 10 === 0) {
        process.stderr.write(`  ocr memory: ${done}/${pages} pages\n`);
      }
    }
    return { checkpoints, wallS: (performance.now() - t0) / 1000, cpuS: cpuSeconds() - cpu0, pages, failedPages };
  } finally {
    await engine.close();
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      workers: { type: 'string', default: '2' },
      concurrency: { type: 'string', default: '1' },
      out: { type: 'string' },
      pages: { type: 'string', default: '200' },
      at: { type: 'string', default: '1,50,200' },
    },
  });
  const [mode, ...files] = positionals;
  const workers = Number(values.workers);
  let result: StageResult | MemoryResult;
  if (mode === 'stage' && values.out) {
    result = await stage(workers, Number(values.concurrency), values.out, files);
  } else if (mode === 'memory') {
    result = await memory(workers, Number(values.pages), values.at.split(',').map(Number), files);
  } else {
    throw new Error('usage: ocr-child.ts stage --out DIR IMAGE... | memory --pages N --at A,B FILE.pdf#PAGE...');
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
