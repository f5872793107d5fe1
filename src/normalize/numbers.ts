/**
 * Reading the number printed in one table cell.
 *
 * Decisions (spec record-v1.md: "a blank printed cell is null, never 0"):
 * - nothing printed → `blank`, value null;
 * - a dash or slash alone ("—", "——", "-", "/") or 无 / 暂无 → `dash`, value null: the form
 *   says "nothing to report" without printing a number, and we never invent a 0 it did not
 *   print (the corpus prints dashes only in the unit column of heading rows);
 * - "0" → 0;
 * - anything else that does not read as a number → `unparsed`, value null (the caller warns).
 */
import { normalizeText } from '../text/normalize-text.js';

export type CellReading =
  | { kind: 'number'; value: number; /** OCR look-alike letters were read as digits */ repaired: boolean; unit?: string }
  | { kind: 'blank' | 'dash' | 'unparsed'; value: null };

export interface ReadOptions {
  /** The unit of the indicator the cell belongs to (万元 converts 元 amounts). */
  targetUnit?: string;
  /** A unit printed for the whole row or column ("万元" in a header or unit column). */
  contextUnit?: string;
}

const DASH_ONLY_RE = /^[-—–―─‐‑﹣−~～/\\\u2014\u2015·…]+$/;
const NONE_WORDS = new Set(['无', '暂无', '没有', '空', 'N/A', 'n/a', 'NA']);
const UNIT_RE = /(万元|亿元|元|人次|件|条|项|个|次|人|篇|家|万)$/;
const CN_NUM_RE = /^[零〇一二两三四五六七八九十百千万亿]+$/;
const CN_DIGIT: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_SMALL_UNIT: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const CN_BIG_UNIT: Readonly<Record<string, number>> = { 万: 1e4, 亿: 1e8 };
/** OCR look-alikes, accepted only inside an otherwise numeric cell. */
const OCR_DIGIT: Readonly<Record<string, string>> = { O: '0', o: '0', D: '0', l: '1', I: '1', '|': '1', S: '5', s: '5' };

/** Parses a Chinese numeral: 十二 → 12, 一百零五 → 105, 两千 → 2000, 二〇一九 → 2019. */
export function parseChineseNumber(s: string): number | null {
  if (!s || !CN_NUM_RE.test(s)) return null;
  // digit by digit, as in years (二〇一九)
  if ([...s].every((c) => c in CN_DIGIT)) return Number([...s].map((c) => CN_DIGIT[c]).join(''));
  let total = 0,
    section = 0,
    digit = 0;
  for (const c of s) {
    if (c in CN_DIGIT) digit = CN_DIGIT[c]!;
    else if (c in CN_SMALL_UNIT) {
      section += (digit || 1) * CN_SMALL_UNIT[c]!;
      digit = 0;
    } else if (c in CN_BIG_UNIT) {
      total = (total + section + digit) * CN_BIG_UNIT[c]!;
      section = 0;
      digit = 0;
    }
  }
  return total + section + digit;
}

const MONEY_SCALE: Readonly<Record<string, number>> = { 元: 1, 万元: 1e4, 万: 1e4, 亿元: 1e8 };

/** Converts an amount printed in unit `from` into the indicator's unit `to`. */
function convertUnit(value: number, from: string | undefined, to: string | undefined): number {
  if (!from) return value;
  // round away binary noise (251000 元 → 万元 must be exactly 25.1)
  const exact = (x: number) => Number(x.toPrecision(12));
  const f = MONEY_SCALE[from],
    t = to === undefined ? undefined : MONEY_SCALE[to];
  if (f !== undefined && t !== undefined) return exact((value * f) / t);
  // a count printed as "1.2万"
  if (from === '万') return exact(value * 1e4);
  return value;
}

function readPlain(s: string): { value: number; repaired: boolean } | null {
  const grouped = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s) ? s.replace(/,/g, '') : s;
  if (/^\d+(?:\.\d+)?$/.test(grouped)) return { value: Number(grouped), repaired: false };
  const cn = parseChineseNumber(s);
  if (cn !== null) return { value: cn, repaired: false };
  // OCR damage: letters that look like digits, in a cell that is otherwise a number
  if (/^[\dOoDlI|Ss.,]+$/.test(s) && /[\dOolI|]/.test(s) && !/^[.,]|[.,]$/.test(s)) {
    const fixed = [...s].map((c) => OCR_DIGIT[c] ?? c).join('');
    const again = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(fixed) ? fixed.replace(/,/g, '') : fixed;
    if (/^\d+(?:\.\d+)?$/.test(again)) return { value: Number(again), repaired: true };
  }
  return null;
}

/** Reads one cell. See the module comment for blanks, dashes and what counts as unparsed. */
export function readNumber(raw: string, options: ReadOptions = {}): CellReading {
  const s = normalizeText(raw).replace(/[\s\u00a0\u3000]+/g, '');
  if (!s) return { kind: 'blank', value: null };
  if (DASH_ONLY_RE.test(s) || NONE_WORDS.has(s)) return { kind: 'dash', value: null };

  let body = s,
    sign = 1;
  const signed = /^(减少|减|增加|增|[-+−–—﹣])(.+)$/.exec(body);
  if (signed) {
    const mark = signed[1]!;
    if (mark.startsWith('减') || /[-−–—﹣]/.test(mark)) sign = -1;
    body = signed[2]!;
  }
  const unitMatch = UNIT_RE.exec(body);
  let unit: string | undefined;
  if (unitMatch && unitMatch.index > 0) {
    unit = unitMatch[1]!;
    body = body.slice(0, unitMatch.index);
  }
  const plain = readPlain(body);
  if (!plain) return { kind: 'unparsed', value: null };
  const value = sign * convertUnit(plain.value, unit ?? options.contextUnit, options.targetUnit);
  return { kind: 'number', value: value === 0 ? 0 : value, repaired: plain.repaired, ...(unit ? { unit } : {}) };
}

/** A unit printed in a header or unit cell: "本年收费金额（单位：万元）" → 万元, "元" → 元. */
export function unitInLabel(text: string): string | undefined {
  const s = normalizeText(text).replace(/\s+/g, '');
  const m = /(?:单位[:：]?)?(万元|亿元|元)\)?$/.exec(s) ?? /\((?:单位[:：]?)?(万元|亿元|元)\)/.exec(s);
  return m?.[1];
}
