/**
 * Reading the cells of tables.
 *
 * Cells are not read one by one. The single-line cells whose text sits at the same height (a
 * table row) are copied side by side, with white gaps, onto one strip that is read as a line
 * (psm 7), and what is read goes back to the cell it was copied from. A lone "1" or "0" in a
 * cell of its own is what tesseract gets wrong most (工, 于, U, or nothing); between other
 * numbers it reads them right. It also cuts the OCR calls to about one per table row.
 * Measured on 4 scans (493 numeric cells): one call per cell with psm 7 gave 39% of the
 * numbers right, psm 6 80%, psm 8 with a digit whitelist 92%; strips 99.6%.
 *
 * A cell with several lines (wrapped labels, vertical text in narrow header cells) has its
 * lines put side by side on a strip of its own: as a block (psm 6) vertical text was mostly
 * lost (结果维持 → 天).
 *
 * A single-line cell whose reading is empty, or number-like but not a clean number, is read
 * again on its own: with a digit whitelist (psm 8), then without (psm 7).
 */
import type { BBox, TextItem } from '../model.js';
import { glyphCount, inkCrop, type CellCrop } from './cell-crop.js';
import type { OcrEngine } from './engine.js';
import { cleanCellLines, cleanNumber, cleanText } from './postprocess.js';
import type { GreyPage } from './preprocess.js';
import { mean, readAlone, readSlots, stripsOf, type SlotReading } from './strips.js';

/** One merged cell of a ruled table, page points. */
export interface CellRegion {
  bbox: BBox;
}

/** Gap between two cells on a row strip, in strip heights (at least STRIP_MIN_GAP_PX). */
const STRIP_GAP_HEIGHTS = 0.75;
const STRIP_MIN_GAP_PX = 12;
/** Gap between the lines of one cell put side by side, in line heights. */
const UNSTACK_GAP_HEIGHTS = 0.3;
/** In tables without vertical rules, a blank this wide (line heights) separates two columns. */
const COLUMN_GAP_HEIGHTS = 1.5;
/** Below this confidence a number read on a strip is checked on its own. */
const UNSURE_NUMBER = 0.5;
/** A digit-whitelisted reading below this confidence is not taken as a number. */
const MIN_DIGIT_CONFIDENCE = 0.3;
const NUMBER_CHARS = '0123456789.,%-';
/** A dash is at most this tall (pt) and at least this long (pt). */
const DASH_MAX_HEIGHT_PT = 2;
const DASH_MIN_WIDTH_PT = 3;
/** Width (pt) of one em dash in table text (9–10.5 pt fonts). */
const DASH_EM_PT = 9.5;

/** TextItems (page points) for the text of the given cells. */
export async function readTableCells(
  g: GreyPage,
  ink: Uint8Array,
  cells: readonly CellRegion[],
  engine: OcrEngine,
): Promise<TextItem[]> {
  const crops = cells.map((c) => inkCrop(g, ink, c.bbox)).filter((c): c is CellCrop => c !== null);
  return readCrops(g, ink, crops, engine);
}

/**
 * TextItems for the rows of a table without vertical rules: each band between two rules
 * (page points) is cut into its text lines, and each line into pieces at wide gaps (column
 * gaps). The table builder finds the columns from where the pieces sit.
 */
export async function readAlignedRows(
  g: GreyPage,
  ink: Uint8Array,
  bands: readonly BBox[],
  engine: OcrEngine,
): Promise<TextItem[]> {
  const crops: CellCrop[] = [];
  for (const band of bands) {
    const crop = inkCrop(g, ink, band);
    if (!crop) continue;
    for (const line of crop.bands) crops.push(...columnPieces(g, ink, crop, line));
  }
  return readCrops(g, ink, crops, engine);
}

async function readCrops(g: GreyPage, ink: Uint8Array, crops: readonly CellCrop[], engine: OcrEngine): Promise<TextItem[]> {
  const [rows, multi] = await Promise.all([
    Promise.all(stripsOf(crops.filter((c) => c.lines === 1)).map((s) => readRowStrip(g, s, engine))),
    Promise.all(crops.filter((c) => c.lines > 1).map((c) => readMultiLine(g, c, engine))),
  ]);
  const single = await Promise.all(rows.flat().map(([crop, pieces]) => singleLineItems(g, ink, crop, pieces, engine)));
  return [...single.flat(), ...multi.flat()];
}

/** One text line of a band cut at gaps of at least COLUMN_GAP_HEIGHTS line heights. */
function columnPieces(g: GreyPage, ink: Uint8Array, crop: CellCrop, line: readonly [number, number, number, number]): CellCrop[] {
  const [x0, y0, x1, y1] = line;
  const minGap = Math.max(4, Math.round(COLUMN_GAP_HEIGHTS * (y1 - y0)));
  const out: CellCrop[] = [];
  let start = -1;
  let lastInk = -1;
  const emit = (): void => {
    if (start < 0) return;
    const band: [number, number, number, number] = [start, y0, lastInk + 1, y1];
    out.push({ x0: start, y0, x1: lastInk + 1, y1, lines: 1, bands: [band], inner: [crop.inner[0], y0, crop.inner[2], y1] });
  };
  for (let x = x0; x < x1; x++) {
    let n = 0;
    for (let y = y0; y < y1; y++) n += ink[y * g.width + x]!;
    if (n === 0) continue;
    if (start >= 0 && x - lastInk - 1 >= minGap) {
      emit();
      start = x;
    } else if (start < 0) start = x;
    lastInk = x;
  }
  emit();
  return out;
}

/** Reads a row strip: each cell's pieces. */
async function readRowStrip(g: GreyPage, strip: readonly CellCrop[], engine: OcrEngine): Promise<[CellCrop, SlotReading[]][]> {
  const margin = 2;
  // One vertical range for the whole strip keeps the cells' baselines aligned.
  const top = Math.min(...strip.map((c) => c.y0)) - margin;
  const bottom = Math.max(...strip.map((c) => c.y1)) + margin;
  const slots = strip.map((c) => ({
    x0: Math.max(c.inner[0], c.x0 - margin),
    x1: Math.min(c.inner[2], c.x1 + margin),
    y0: Math.max(c.inner[1], top),
    y1: Math.min(c.inner[3], bottom),
  }));
  const gap = Math.max(STRIP_MIN_GAP_PX, Math.round(STRIP_GAP_HEIGHTS * (bottom - top)));
  const pieces = await readSlots(g, slots, gap, engine);
  return strip.map((c, i) => [c, pieces[i]!]);
}

/** Items of a cell with several lines: its lines read side by side, one item per line. */
async function readMultiLine(g: GreyPage, crop: CellCrop, engine: OcrEngine): Promise<TextItem[]> {
  const height = Math.max(...crop.bands.map((b) => b[3] - b[1]));
  const gap = Math.max(4, Math.round(UNSTACK_GAP_HEIGHTS * height));
  const slots = crop.bands.map(([x0, y0, x1, y1]) => ({ x0, y0, x1, y1 }));
  const pieces = await readSlots(g, slots, gap, engine);
  const texts = pieces.map((ps) => cleanText(ps.map(pieceText).join(' ')));
  const kept = slots.map((s, i) => ({ slot: s, text: texts[i]!, pieces: pieces[i]! })).filter((l) => l.text !== '');
  const cleaned = cleanCellLines(kept.map((l) => l.text));
  if (cleaned.length !== kept.length)
    return kept.length === 0 || cleaned.length === 0
      ? []
      : [item(g, cleaned.join(''), [crop.x0, crop.y0, crop.x1, crop.y1], 0.5, height)];
  return kept.map((l, i) =>
    item(g, cleaned[i]!, [l.slot.x0, l.slot.y0, l.slot.x1, l.slot.y1], mean(l.pieces.map((p) => p.confidence))),
  );
}

/** Items of a single-line cell: a number when it reads as one (after retries), else text. */
async function singleLineItems(
  g: GreyPage,
  ink: Uint8Array,
  crop: CellCrop,
  pieces: SlotReading[],
  engine: OcrEngine,
): Promise<TextItem[]> {
  if (isDashShape(g, crop)) return [dashItem(g, crop, 1)];
  const symbols = pieces.flatMap((p) => p.symbols);
  const text = symbols.map((s) => s.text).join('');
  const conf = mean(symbols.map((s) => s.confidence));
  const num = cleanNumber(symbols);
  if (num === null && !worthRetry(text)) return textItems(g, crop, text, conf);
  const glyphs = num !== null || worthRetry(text) ? glyphCount(g, ink, crop) : 0;
  if (num !== null && conf >= UNSURE_NUMBER && digitCount(num) === glyphs) return [cellItem(g, crop, num, conf)];

  // Unsure, not a clean number, or a digit doubled or lost: read the cell on its own, with a
  // digit whitelist, then without; the first clean number with as many digits as the cell has
  // glyphs wins, else the first clean number.
  const digits = await readAlone(g, crop, engine, 8, NUMBER_CHARS);
  const dnum = cleanNumber(digits.symbols);
  const dOk = dnum !== null && (dnum === num || digits.confidence >= MIN_DIGIT_CONFIDENCE);
  if (dOk && digitCount(dnum) === glyphs) return [cellItem(g, crop, dnum, digits.confidence)];
  const plain = await readAlone(g, crop, engine, 7);
  const pnum = cleanNumber(plain.symbols);
  if (pnum !== null && digitCount(pnum) === glyphs) return [cellItem(g, crop, pnum, plain.confidence)];
  if (num !== null) return [cellItem(g, crop, num, conf * 0.8)];
  // A digit with one extra symbol at an end that has no glyph of its own ("1工" for a serif 1).
  const trimmed = symbols
    .map((s) => s.text)
    .join('')
    .replace(/^[^\d]|[^\d%]$/g, '');
  if (/^\d+$/.test(trimmed) && trimmed.length === glyphs && trimmed.length === symbols.length - 1) {
    return [cellItem(g, crop, trimmed, conf * 0.8)];
  }
  if (dOk) return [cellItem(g, crop, dnum, digits.confidence * 0.8)];
  if (pnum !== null) return [cellItem(g, crop, pnum, plain.confidence * 0.8)];
  const ptext = plain.symbols.map((s) => s.text).join('');
  return text !== '' ? textItems(g, crop, text, conf) : textItems(g, crop, ptext, plain.confidence);
}

function digitCount(s: string): number {
  return s.replace(/\D/g, '').length;
}

/** A single-line cell whose ink is one thin horizontal bar: a dash (——, —, -). */
function isDashShape(g: GreyPage, c: CellCrop): boolean {
  const hPt = (c.y1 - c.y0) * g.pointsPerPixel;
  const wPt = (c.x1 - c.x0) * g.pointsPerPixel;
  return hPt <= DASH_MAX_HEIGHT_PT && wPt >= DASH_MIN_WIDTH_PT;
}

/**
 * A reading worth a second look: nothing read from a cell with ink, or a short reading with
 * at most one CJK character (a lone 1 read as 工, 0 read as U).
 */
function worthRetry(text: string): boolean {
  if (text === '') return true;
  const cjk = [...text].filter((c) => /[\u4e00-\u9fff]/.test(c)).length;
  return cjk <= 1 && [...text].length <= 4;
}

function pieceText(p: SlotReading): string {
  return p.symbols.map((s) => s.text).join('');
}

/**
 * A cell holding only a dash: OCR reads "——" as 一 (which the normaliser would take for the
 * numeral 1) or as a single dash. The printed length says how many em dashes there are.
 */
function dashItem(g: GreyPage, c: CellCrop, confidence: number): TextItem {
  const lengthPt = (c.x1 - c.x0) * g.pointsPerPixel;
  const n = Math.max(1, Math.min(4, Math.round(lengthPt / DASH_EM_PT)));
  const mid = (c.y0 + c.y1) / 2;
  const half = DASH_EM_PT / 2 / g.pointsPerPixel;
  return item(g, '—'.repeat(n), [c.x0, mid - half, c.x1, mid + half], confidence);
}

/** One item holding the whole text of a single-line cell, over the cell's ink. */
function cellItem(g: GreyPage, c: CellCrop, text: string, confidence: number): TextItem {
  return item(g, text, [c.x0, c.y0, c.x1, c.y1], confidence);
}

function textItems(g: GreyPage, c: CellCrop, raw: string, confidence: number): TextItem[] {
  const text = cleanCellLines([cleanText(raw)])[0];
  return text ? [cellItem(g, c, text, confidence)] : [];
}

/**
 * A TextItem from a box in page pixels. Its font size is the box height, or `lineHeightPx`
 * for an item standing for several lines.
 */
function item(g: GreyPage, text: string, px: readonly number[], confidence: number, lineHeightPx?: number): TextItem {
  const k = g.pointsPerPixel;
  const bbox: BBox = [px[0]! * k, px[1]! * k, px[2]! * k, px[3]! * k];
  const fontSize = lineHeightPx !== undefined ? lineHeightPx * k : bbox[3] - bbox[1];
  return { text, bbox, fontSize: Math.max(1, fontSize), confidence: Math.max(0, Math.min(1, confidence)) };
}
