import http from 'node:http';
import https from 'node:https';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NianbaoError } from '../../../src/errors.js';
import { checkLangPath, defaultLangPath, greyToPgm, OcrEngine } from '../../../src/ocr/engine.js';

/** Fails the test if anything in this process reaches for the network. */
function forbidNetwork() {
  const fail = () => {
    throw new Error('OCR must not use the network');
  };
  return [
    vi.spyOn(globalThis, 'fetch').mockImplementation(fail),
    vi.spyOn(http, 'request').mockImplementation(fail),
    vi.spyOn(http, 'get').mockImplementation(fail),
    vi.spyOn(https, 'request').mockImplementation(fail),
    vi.spyOn(https, 'get').mockImplementation(fail),
  ];
}

describe('OCR engine offline', () => {
  let empty: string;
  beforeAll(() => {
    empty = mkdtempSync(path.join(tmpdir(), 'nianbao-ocr-empty-'));
  });
  afterAll(() => rmSync(empty, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  it('refuses a langPath without the language file, with a message naming it, before any worker starts', async () => {
    const spies = forbidNetwork();
    const err = await OcrEngine.create({ langPath: empty, workers: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NianbaoError);
    expect((err as NianbaoError).code).toBe('NO_TEXT');
    expect((err as NianbaoError).message).toContain(path.join(empty, 'chi_sim.traineddata.gz'));
    expect((err as NianbaoError).retryable).toBe(false);
    for (const s of spies) expect(s).not.toHaveBeenCalled();
  });

  it('refuses a URL as langPath: OCR never downloads language data', () => {
    expect(() => checkLangPath('https://cdn.jsdelivr.net/npm/@tesseract.js-data/chi_sim/4.0.0_best_int', ['chi_sim'])).toThrow(
      /not a URL/,
    );
  });

  it('finds the installed language data from the package, not from the working directory', () => {
    const dir = defaultLangPath('chi_sim');
    expect(path.isAbsolute(dir)).toBe(true);
    expect(dir).toContain(path.join('@tesseract.js-data', 'chi_sim', '4.0.0_best_int'));
    expect(() => checkLangPath(dir, ['chi_sim'])).not.toThrow();
  });
});

describe('OCR engine', () => {
  let engine: OcrEngine;
  beforeAll(async () => {
    engine = await OcrEngine.create({ workers: 1, recycleAfterJobs: 2 });
  }, 60_000);
  afterAll(async () => engine?.close());
  afterEach(() => vi.restoreAllMocks());

  it('reads words with boxes and 0..1 confidences, offline, writing nothing into the cwd', async () => {
    const before = readdirSync(process.cwd());
    const spies = forbidNetwork();
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="90"><rect width="100%" height="100%" fill="#fff"/>
      <text x="20" y="62" font-family="DejaVu Sans" font-size="44" fill="#000">2019 4286 37738</text></svg>`;
    const { data, info } = await sharp(Buffer.from(svg)).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    // Three jobs on a worker recycled after two: the third runs on a fresh worker.
    for (let i = 0; i < 3; i++) {
      const res = await engine.recognize({ image: greyToPgm(data, info.width, info.height), psm: 7, dpi: 300 });
      expect(res.words.map((w) => w.text).join(' ')).toBe('2019 4286 37738');
      for (const w of res.words) {
        expect(w.confidence).toBeGreaterThan(0.5);
        expect(w.confidence).toBeLessThanOrEqual(1);
        expect(w.bbox[0]).toBeLessThan(w.bbox[2]);
        expect(w.bbox[2]).toBeLessThanOrEqual(info.width);
      }
    }
    const digits = await engine.recognize({ image: greyToPgm(data, info.width, info.height), psm: 7, whitelist: '0123456789' });
    expect(digits.words.map((w) => w.text).join('')).toBe('2019428637738');
    for (const s of spies) expect(s).not.toHaveBeenCalled();
    expect(readdirSync(process.cwd()).filter((f) => !before.includes(f))).toEqual([]);
  }, 60_000);

  it('gives each job its own whitelist and mode on a worker that keeps its parameters between jobs', async () => {
    const one = await OcrEngine.create({ workers: 1 });
    try {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="520" height="90"><rect width="100%" height="100%" fill="#fff"/>
        <text x="20" y="62" font-family="DejaVu Sans" font-size="44" fill="#000">ABC 4286</text></svg>`;
      const { data, info } = await sharp(Buffer.from(svg)).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
      const image = greyToPgm(data, info.width, info.height);
      const read = async (whitelist?: string) =>
        (await one.recognize({ image, psm: 7, dpi: 300, ...(whitelist ? { whitelist } : {}) })).words
          .map((w) => w.text)
          .join(' ');
      const digitsOnly = await read('0123456789');
      expect(digitsOnly).not.toMatch(/[A-Z]/);
      expect(digitsOnly).toContain('4286');
      // The next job has no whitelist: the previous job's must not stay on the worker.
      expect(await read()).toBe('ABC 4286');
      expect(await read('0123456789')).toBe(digitsOnly);
      expect(await read()).toBe('ABC 4286');
    } finally {
      await one.close();
    }
  }, 60_000);

  it('reads the same words, boxes and lines without symbols (from the TSV) as with them', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="700" height="200"><rect width="100%" height="100%" fill="#fff"/>
      <text x="20" y="62" font-family="DejaVu Sans" font-size="40" fill="#000">2019 4286 37738</text>
      <text x="60" y="150" font-family="DejaVu Sans" font-size="40" fill="#000">ABC 12</text></svg>`;
    const { data, info } = await sharp(Buffer.from(svg)).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    const image = greyToPgm(data, info.width, info.height);
    const full = await engine.recognize({ image, psm: 3, dpi: 300 });
    const lean = await engine.recognize({ image, psm: 3, dpi: 300, symbols: false });
    expect(full.words.map((w) => w.text)).toEqual(['2019', '4286', '37738', 'ABC', '12']);
    expect(full.words.every((w) => w.symbols.length === w.text.length)).toBe(true);
    expect(lean.words.map((w) => [w.text, w.bbox, w.line, w.lineBox])).toEqual(
      full.words.map((w) => [w.text, w.bbox, w.line, w.lineBox]),
    );
    expect(new Set(lean.words.map((w) => w.line)).size).toBe(2);
    for (const [i, w] of lean.words.entries()) {
      expect(w.symbols).toEqual([]);
      // The TSV gives confidences in whole percent.
      expect(Math.abs(w.confidence - full.words[i]!.confidence)).toBeLessThanOrEqual(0.01);
    }
    expect(Math.abs(lean.confidence - full.confidence)).toBeLessThanOrEqual(0.01);
  }, 60_000);

  it('rejects jobs after close', async () => {
    await engine.close();
    await expect(engine.recognize({ image: Buffer.alloc(0), psm: 7 })).rejects.toThrow(/closed/);
  });
});
