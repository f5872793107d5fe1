/**
 * Strips: page regions copied side by side onto one line image and read with one OCR call
 * (psm 7), what is read being handed back to the region it was copied from. See cells.ts for
 * why table cells are read so.
 */
import { cropCanvas, type CellCrop } from './cell-crop.js';
import { greyToPgm, type OcrEngine, type OcrResult, type OcrWord } from './engine.js';
import type { ReadSymbol } from './postprocess.js';
import type { GreyPage } from './preprocess.js';

/** A page region (pixels) copied onto a strip. */
export interface Slot {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Text read in a slot: one OCR word, or the part of one that fell in the slot. */
export interface SlotReading {
  symbols: ReadSymbol[];
  confidence: number;
}

/** White around a strip or a cell canvas (px). */
const PAD_PX = 12;
/** Cells share a strip when their text centres differ by less than this share of the lower. */
const SAME_STRIP_SHARE = 0.5;

/** Groups single-line cells whose text lines are at the same height, each group left to right. */
export function stripsOf(crops: readonly CellCrop[]): CellCrop[][] {
  const centre = (c: CellCrop): number => (c.y0 + c.y1) / 2;
  const strips: { cells: CellCrop[]; centre: number; height: number }[] = [];
  for (const c of [...crops].sort((a, b) => centre(a) - centre(b))) {
    const h = c.y1 - c.y0;
    const strip = strips.find((s) => Math.abs(s.centre - centre(c)) < SAME_STRIP_SHARE * Math.min(s.height, h));
    if (strip) {
      strip.centre = (strip.centre * strip.cells.length + centre(c)) / (strip.cells.length + 1);
      strip.height = Math.max(strip.height, h);
      strip.cells.push(c);
    } else strips.push({ cells: [c], centre: centre(c), height: h });
  }
  return strips.map((s) => s.cells.sort((a, b) => a.x0 - b.x0));
}

/**
 * Copies the slots side by side onto one strip (each centred vertically), reads it as one
 * line and returns, for each slot, the pieces read in it.
 */
export async function readSlots(g: GreyPage, slots: readonly Slot[], gap: number, engine: OcrEngine): Promise<SlotReading[][]> {
  const height = Math.max(...slots.map((s) => s.y1 - s.y0));
  const placed: { sx: number; sy: number }[] = [];
  let x = PAD_PX;
  for (const s of slots) {
    placed.push({ sx: x, sy: PAD_PX + Math.floor((height - (s.y1 - s.y0)) / 2) });
    x += s.x1 - s.x0 + gap;
  }
  const W = x - gap + PAD_PX;
  const H = height + 2 * PAD_PX;
  const canvas = Buffer.alloc(W * H, 255);
  slots.forEach((s, i) => {
    const { sx, sy } = placed[i]!;
    for (let y = s.y0; y < s.y1; y++) g.grey.copy(canvas, (y - s.y0 + sy) * W + sx, y * g.width + s.x0, y * g.width + s.x1);
  });
  // Read at the scan's own resolution: upscaling 200 dpi strips to 300 dpi read no number
  // better (433/433 either way on 3 scans) and labels worse (774 vs 778 of 790 cells).
  const res = await engine.recognize({ image: greyToPgm(canvas, W, H), psm: 7, dpi: g.dpi });
  const words = wordsOf(res);

  const slotAt = (stripX: number): number => {
    const sx = stripX + 2;
    return placed.findIndex((p, i) => sx >= p.sx - gap / 2 && sx < p.sx + (slots[i]!.x1 - slots[i]!.x0) + gap / 2);
  };
  const out: SlotReading[][] = slots.map(() => []);
  // LSTM boxes are reliable at the left edge of a word, not for the symbols inside it: the
  // last symbol's box often runs on over the next cells. So a word goes to the slot its left
  // edge is in, and is split only where a symbol starts in a slot no word starts in (the LSTM
  // did not put a space at that gap).
  const owned = new Set(words.map((w) => slotAt(w.bbox[0])));
  for (const w of words) {
    const symbols = w.symbols.length > 0 ? w.symbols : [{ text: w.text, bbox: w.bbox, confidence: w.confidence }];
    let slot = slotAt(w.bbox[0]);
    let run: typeof symbols = [];
    const flush = (): void => {
      if (slot < 0 || run.length === 0) return;
      out[slot]!.push({
        symbols: run.map((r) => ({ text: r.text, confidence: r.confidence })),
        confidence: mean(run.map((r) => r.confidence)),
      });
    };
    for (const [i, sym] of symbols.entries()) {
      const at = slotAt(sym.bbox[0]);
      if (i > 0 && at >= 0 && at !== slot && !owned.has(at)) {
        flush();
        slot = at;
        run = [];
      }
      run.push(sym);
    }
    flush();
  }
  return out;
}

/** Reads one cell on its own canvas: its symbols and mean confidence. */
export async function readAlone(
  g: GreyPage,
  crop: CellCrop,
  engine: OcrEngine,
  psm: 7 | 8,
  whitelist?: string,
): Promise<{ symbols: ReadSymbol[]; confidence: number }> {
  const c = cropCanvas(g, crop, PAD_PX);
  const res = await engine.recognize({
    image: greyToPgm(c.grey, c.width, c.height),
    psm,
    dpi: g.dpi,
    ...(whitelist ? { whitelist } : {}),
  });
  const words = wordsOf(res);
  const symbols = words.flatMap((w) =>
    w.symbols.length > 0
      ? w.symbols.map((s) => ({ text: s.text, confidence: s.confidence }))
      : [{ text: w.text, confidence: w.confidence }],
  );
  return { symbols, confidence: mean(words.map((w) => w.confidence)) };
}

function wordsOf(res: OcrResult): OcrWord[] {
  return res.words.filter((w) => w.text.trim() !== '');
}

export function mean(v: readonly number[]): number {
  return v.length === 0 ? 0 : v.reduce((s, x) => s + x, 0) / v.length;
}
