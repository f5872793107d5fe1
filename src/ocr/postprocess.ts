/**
 * Clean-up of OCR text: spaces between CJK characters, compatibility forms, and, only where
 * a number is expected, the letters OCR reads in place of digits.
 */
import { normalizeText } from '../text/normalize-text.js';

/** Letters (and strokes) read in place of digits; applied only when the rest is numeric. */
const DIGIT_CONFUSIONS: Readonly<Record<string, string>> = {
  O: '0',
  o: '0',
  D: '0',
  Q: '0',
  〇: '0',
  l: '1',
  I: '1',
  '|': '1',
  i: '1',
  '!': '1',
  ']': '1',
  '[': '1',
  S: '5',
  s: '5',
  B: '8',
  Z: '2',
  z: '2',
  g: '9',
  q: '9',
  G: '6',
  b: '6',
};
const CONFUSABLE = Object.keys(DIGIT_CONFUSIONS)
  .map((c) => c.replace(/[\]\\[|^-]/g, '\\$&'))
  .join('');
/** A number as printed in report tables: 12, 1,234, 3.5, -2, 85%, 12.5万. */
const NUMBER_RE = /^[-−]?\d{1,3}(?:,\d{3})*(?:\.\d+)?%?$|^[-−]?\d+(?:\.\d+)?%?$/;
const NUMERIC_SHAPE_RE = new RegExp(`^[-−]?[\\d${CONFUSABLE}]+(?:[.,][\\d${CONFUSABLE}]+)*%?$`);

/**
 * Text of one OCR word, line or cell: NFKC, and no spaces except between two Latin letters
 * or digits. Tesseract puts a space between almost every pair of CJK characters and around
 * punctuation and numbers ("2019 年", "( 国 办"); Chinese text has none.
 */
export function cleanText(s: string): string {
  return fixBrackets(normalizeText(s).replace(/\s+/g, ' ').trim().replace(OCR_GAP_RE, ''));
}

/** A space not between two ASCII letters/digits. */
const OCR_GAP_RE = /(?<![A-Za-z0-9]) | (?![A-Za-z0-9])/g;

/** Brackets OCR reads in place of round ones (after NFKC, （ is already "("). */
const OPEN_LOOKALIKES = new Set(['〈', '《', '{', '[', '【', '<']);
const CLOSE_LOOKALIKES = new Set(['〉', '》', '}', ']', '】', '>']);

/**
 * "《二)" → "(二)", "(一〉" → "(一)": a round bracket without its partner pairs with the
 * look-alike on the other side, when there is exactly one such candidate.
 */
export function fixBrackets(s: string): string {
  const chars = [...s];
  const stack: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '(') stack.push(i);
    else if (chars[i] === ')') {
      if (stack.length > 0) stack.pop();
      else {
        const j = lastIndexWhere(chars, i, (c) => OPEN_LOOKALIKES.has(c));
        if (j >= 0 && !chars.slice(j + 1, i).some((c) => c === '(' || c === ')')) chars[j] = '(';
      }
    }
  }
  for (const i of stack) {
    const k = chars.findIndex((c, k2) => k2 > i && CLOSE_LOOKALIKES.has(c));
    if (k >= 0 && !chars.slice(i + 1, k).some((c) => c === '(' || c === ')')) chars[k] = ')';
  }
  return chars.join('');
}

function lastIndexWhere(chars: readonly string[], before: number, pred: (c: string) => boolean): number {
  for (let i = before - 1; i >= 0; i--) if (pred(chars[i]!)) return i;
  return -1;
}

/** Marks OCR puts at the ends of a cell's text out of specks and table gaps. */
const STRAY_LEAD_RE = /^[”’,，.。、:：;；|!'"`·]+/u;
const STRAY_TAIL_RE = /[“‘,，、:：;；|'"`·]+$/u;

/**
 * The lines of a table cell's text (each already cleanText'ed), with stray marks removed: a
 * closing quote or a comma cannot open a cell and an opening quote cannot close one; a quote
 * whose partner is missing from the cell is a speck, and so is a full stop closing a short
 * label. Empty lines are dropped.
 */
export function cleanCellLines(lines: readonly string[]): string[] {
  // Brackets pair across the lines of a cell: fix them on the joined text. Numbering may be
  // spread over lines (vertical text): when fixing it changes the text, the lines become one.
  const fixed = fixBrackets(
    lines
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .join('\n'),
  );
  const flat = fixed.replace(/\n/g, '');
  const renumbered = fixNumbering(flat);
  const out = renumbered !== flat ? [renumbered] : fixed.split('\n').map((l, i) => (i === 0 ? fixNumbering(l) : l));
  if (out.length === 0 || out[0] === '') return [];
  const last = out.length - 1;
  out[0] = out[0]!.replace(STRAY_LEAD_RE, '');
  out[last] = out[last]!.replace(STRAY_TAIL_RE, '');
  const all = out.join('');
  if (out[0].startsWith('“') && !all.includes('”')) out[0] = out[0].slice(1);
  if (out[last].endsWith('”') && !all.includes('“')) out[last] = out[last].slice(0, -1);
  if (/[。.]$/.test(out[last]) && all.length <= 12 && !/[。.]/.test(all.slice(0, -1))) out[last] = out[last].slice(0, -1);
  return out.map((l) => l.trim()).filter((l) => l !== '');
}

const CN_NUM = '一二三四五六七八九十';
/**
 * Numbering at the start of a label as OCR damages it: "三." "三," "三一`" → "三、",
 * "(七总计" → "(七)总计", "1," "1.," → "1.".
 */
export function fixNumbering(s: string): string {
  return s
    .replace(new RegExp(`^([${CN_NUM}])一[·\`']+`), '$1、')
    .replace(new RegExp(`^([${CN_NUM}]{1,3})[.,·\`']+`), '$1、')
    .replace(new RegExp(`^\\(([${CN_NUM}]{1,3})(?=[^)${CN_NUM}])`), (m, n: string, off: number, all: string) =>
      all.indexOf(')') === -1 ? `(${n})` : m,
    )
    .replace(/^1?工(?=[.,、])/, '1') // a serif 1 read as 工
    .replace(/^(\d{1,2})[.,]+(?=[\u4e00-\u9fff])/, '$1.');
}

/** A cell that holds only a dash (——, —, -), which OCR reads as 一 or —. */
export function isDashText(s: string): boolean {
  return /^[-—–―─‐‑﹣−一_~～]+$/.test(s);
}

/**
 * The text of a cell that should hold a number: confusable letters become digits when the
 * rest is digits (and at least one digit is there), spaces inside the number go. Text that
 * does not look numeric is returned cleaned but otherwise unchanged.
 */
export function fixNumericText(s: string): string {
  const t = normalizeText(s).replace(/\s+/g, '');
  if (t === '' || NUMBER_RE.test(t)) return t;
  if (!NUMERIC_SHAPE_RE.test(t) || !/\d/.test(t)) return cleanText(s);
  const fixed = [...t].map((c) => DIGIT_CONFUSIONS[c] ?? c).join('');
  return NUMBER_RE.test(fixed) ? fixed : cleanText(s);
}

/** True for a clean printed number (after fixNumericText). */
export function isNumberText(s: string): boolean {
  return NUMBER_RE.test(s);
}

/** One recognised character with its confidence (0..1). */
export interface ReadSymbol {
  text: string;
  confidence: number;
}

/** Characters that are never part of a number at its ends: specks read as punctuation. */
const JUNK_RE = /^[.,:;'"`“”‘’|!·、。，_~^*]$/u;
/** A stray letter or CJK character at an end of a number is dropped below this confidence. */
const STRAY_CONFIDENCE = 0.6;

/**
 * The number a cell reads as, or null. At most one speck is dropped at each end (a
 * punctuation mark, or an unsure letter or CJK character), then the digit confusions are
 * fixed; anything else that is not a number is not one.
 */
export function cleanNumber(symbols: readonly ReadSymbol[]): string | null {
  const s = symbols
    .map((x) => ({ text: normalizeText(x.text).replace(/\s+/g, ''), confidence: x.confidence }))
    .filter((x) => x.text !== '');
  const droppable = (x: { text: string; confidence: number } | undefined, atStart: boolean): boolean => {
    if (!x || x.text.length !== 1 || /\d/.test(x.text)) return false;
    if ((atStart && x.text === '-') || (!atStart && x.text === '%')) return false;
    if (JUNK_RE.test(x.text)) return true;
    return x.confidence < STRAY_CONFIDENCE && !(x.text in DIGIT_CONFUSIONS);
  };
  const a = s.length > 1 && droppable(s[0], true) ? 1 : 0;
  const b = s.length - a > 1 && droppable(s[s.length - 1], false) ? s.length - 1 : s.length;
  const text = s
    .slice(a, b)
    .map((x) => x.text)
    .join('');
  if (text === '') return null;
  const fixed = fixNumericText(text);
  return isNumberText(fixed) ? fixed : null;
}
