/**
 * Robust matching of printed table labels against the indicator definitions.
 *
 * Agencies print the same form with different numbering (一、 （一） 1. 1、 (1) ①), spacing,
 * full- or half-width punctuation, quote styles and wording (社会组织 for 社会公益组织), and OCR
 * damages characters. Labels are compared in a reduced form (see `labelForm`) with a similarity
 * that tolerates a few wrong characters; every observed label gets at most one definition and
 * every definition at most one observed label, best pairs first.
 */
import { compactText } from '../text/normalize-text.js';
import type { LabelSpec } from './indicators.js';

const CN_DIGITS = '一二三四五六七八九十';
/** One numbering token at the start of a label (after NFKC: full-width brackets are ASCII). */
const NUMBERING_RE = new RegExp(
  `^(?:[${CN_DIGITS}]+[、.,]|\\([${CN_DIGITS}\\d]+\\)|\\d+(?:[、,]|\\.(?!\\d))|[\\u2460-\\u2473\\u2776-\\u277f]|其中[:]?)`,
);
const REMARK_RE = /\([^()]*\)/g;
/** NFKC turns ① into a bare "1": make circled numbers "(1)" first so they stay numbering. */
const CIRCLED_RE = /[\u2460-\u2473\u2776-\u277f]/g;
const uncircle = (s: string): string =>
  s.replace(CIRCLED_RE, (c) => {
    const code = c.codePointAt(0)!;
    return `(${code >= 0x2776 ? code - 0x2775 : code - 0x245f})`;
  });
const NOT_WORD_RE = /[^\p{Script=Han}A-Za-z0-9]/gu;

/** Removes leading numbering tokens ("（二）1." → ""). Works on compact text. */
export function stripNumbering(compact: string): string {
  let s = compact;
  for (let m = NUMBERING_RE.exec(s); m && m[0].length > 0; m = NUMBERING_RE.exec(s)) s = s.slice(m[0].length);
  return s;
}

/**
 * The numbering level of a label: 1 for 一、, 2 for （一）, 3 for 1., 4 for 其中, 0 for none.
 * Used to carry headings down to the rows below them.
 */
export function numberingLevel(text: string): number {
  const s = compactText(uncircle(text));
  if (new RegExp(`^[${CN_DIGITS}]+[、.,]`).test(s)) return 1;
  if (new RegExp(`^\\([${CN_DIGITS}]+\\)`).test(s)) return 2;
  if (/^(?:\d+(?:[、,]|\.(?!\d))|\(\d+\)|[\u2460-\u2473])/.test(s)) return 3;
  if (s.startsWith('其中')) return 4;
  return 0;
}

/** The two forms a label is compared in: all its words, and without parenthesised remarks. */
export interface LabelForms {
  full: string;
  core: string;
}

export function labelForms(text: string): LabelForms {
  return memo(formsCache, text, () => {
    const s = stripNumbering(compactText(uncircle(text)).replace(/[“”"'‘’「」『』]/g, ''));
    return { full: s.replace(NOT_WORD_RE, ''), core: s.replace(REMARK_RE, '').replace(NOT_WORD_RE, '') };
  });
}

/**
 * Label matching compares every observed label with every wording of every definition, and
 * the same labels come back row after row and report after report: the pure results are
 * kept, up to MEMO_LIMIT entries per cache (then the cache starts again).
 */
const MEMO_LIMIT = 50_000;
const formsCache = new Map<string, LabelForms>();
/** By observed label, then by wording: no key is built per lookup. */
const similarityCache = new Map<string, Map<string, number>>();

function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    v = compute();
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(key, v);
  }
  return v;
}

/** The reduced form used for equality: no numbering, no punctuation, no white space. */
export function labelForm(text: string): string {
  return labelForms(text).full;
}

/**
 * A form's bigrams as sorted numbers (two UTF-16 units each), computed once per form: Dice
 * then counts the common ones in one merge, with no map or substring per comparison.
 */
const bigramCache = new Map<string, Float64Array>();

function bigramCodes(s: string): Float64Array {
  return memo(bigramCache, s, () => {
    const codes = new Float64Array(Math.max(0, s.length - 1));
    for (let i = 0; i + 1 < s.length; i++) codes[i] = s.charCodeAt(i) * 0x10000 + s.charCodeAt(i + 1);
    return codes.sort();
  });
}

function dice(a: string, b: string): number {
  if (a.length < 2 || b.length < 2) return a === b ? 1 : 0;
  const ga = bigramCodes(a),
    gb = bigramCodes(b);
  // the size of the multiset intersection: Σ min(count in a, count in b) over bigrams
  let common = 0;
  for (let i = 0, j = 0; i < ga.length && j < gb.length;) {
    if (ga[i] === gb[j]) {
      common++;
      i++;
      j++;
    } else if (ga[i]! < gb[j]!) i++;
    else j++;
  }
  return (2 * common) / (a.length - 1 + (b.length - 1));
}

/** One row of the edit-distance table, grown as needed and reused by every call. */
let levRow = new Int32Array(64);

function levenshtein(a: string, b: string): number {
  if (levRow.length < b.length + 1) levRow = new Int32Array(2 * (b.length + 1));
  const prev = levRow;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Similarity of two reduced forms, 0..1: the better of bigram Dice and normalized edit distance. */
export function formSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const longest = Math.max(a.length, b.length);
  let s = dice(a, b);
  // The edit distance is at least the difference in length: skip it when that alone keeps
  // it below Dice.
  if (1 - Math.abs(a.length - b.length) / longest > s) s = Math.max(s, 1 - levenshtein(a, b) / longest);
  // A merged cell can carry its heading in front ("不予公开1属于国家秘密"): a long enough
  // definition that ends the observed label still counts, a little below an exact match.
  if (b.length >= 4 && a.endsWith(b)) s = Math.max(s, 0.9);
  return s;
}

/** Similarity of an observed label to one wording of a definition. */
export function labelSimilarity(observed: string, wanted: string): number {
  const byWording = memo(similarityCache, observed, () => new Map<string, number>());
  return memo(byWording, wanted, () => {
    const o = labelForms(observed),
      w = labelForms(wanted);
    return Math.max(formSimilarity(o.full, w.full), formSimilarity(o.core, w.core));
  });
}

/**
 * labelSimilarity(observed, wanted) >= min, without computing the similarity when the lengths
 * of the forms alone rule it out (most pairs, when a table is searched for a wording).
 */
export function similarAtLeast(observed: string, wanted: string, min: number): boolean {
  return mayReach(observed, wanted, min) && labelSimilarity(observed, wanted) >= min;
}

/** False when the lengths of the forms alone keep labelSimilarity(observed, wanted) below min. */
function mayReach(observed: string, wanted: string, min: number): boolean {
  return formsMayReach(labelForms(observed), labelForms(wanted), min);
}

function formsMayReach(o: LabelForms, w: LabelForms, min: number): boolean {
  return similarityBound(o.full, w.full) >= min || similarityBound(o.core, w.core) >= min;
}

/** An upper bound of formSimilarity(a, b) from the lengths alone. */
function similarityBound(a: string, b: string): number {
  if (!a || !b) return 0;
  if (b.length >= 4 && a.length >= b.length) return 1; // b may end a
  const [short, long] = a.length < b.length ? [a.length, b.length] : [b.length, a.length];
  // Edit distance is at least the length difference; Dice counts at most short − 1 common bigrams.
  const lev = short / long;
  const dice = short < 2 ? 1 : (2 * (short - 1)) / (short - 1 + (long - 1));
  return Math.max(lev, dice);
}

/** A label as read from a table: its own text and the headings above or beside it. */
export interface ObservedLabel {
  leaf: string;
  context: readonly string[];
}

/** Without any heading to compare, context neither helps nor hurts. */
const UNKNOWN_CONTEXT = 0.5;
const LEAF_WEIGHT = 0.75;

/** How well an observed label fits a definition, 0..1. */
export function scoreLabel(spec: LabelSpec, observed: ObservedLabel): { score: number; leaf: number } {
  let leaf = 0;
  for (const t of spec.text) leaf = Math.max(leaf, labelSimilarity(observed.leaf, t));
  if (!spec.context?.length) return { score: leaf, leaf };
  let ctx = observed.context.length ? 0 : UNKNOWN_CONTEXT;
  for (const c of observed.context) for (const t of spec.context) ctx = Math.max(ctx, labelSimilarity(c, t));
  return { score: LEAF_WEIGHT * leaf + (1 - LEAF_WEIGHT) * ctx, leaf };
}

export interface LabelAssignment<T> {
  observed: number;
  spec: T;
  score: number;
  /** How the pair was found: by its label, or by its place between labelled neighbours. */
  by: 'label' | 'order';
}

export interface AssignOptions {
  /** Least combined score accepted (default 0.7). */
  minScore?: number;
  /** Least similarity of the label itself, whatever the context says (default 0.6). */
  minLeaf?: number;
}

/** An out-of-order pair is taken only when it is this sure (an agency moved a row). */
const OUT_OF_ORDER_SCORE = 0.9;
/** A label placed by order must still share this much with its definition. */
const ORDER_MIN_SIMILARITY = 0.34;
/** …at the start or end of the table, where notes and stray cells are (one label, one definition). */
const EDGE_MIN_SIMILARITY = 0.2;
/** The score given to a pair placed by order: below LOW_CONFIDENCE, so it is flagged. */
export const ORDER_SCORE = 0.6;

type Pair = { o: number; s: number; score: number };

/**
 * The best pairing that keeps the form's order (rows and columns are printed in the order of
 * the form): a DP over observed × definitions maximizing Σ(score − 0.5), so that one sure pair
 * beats two doubtful ones and twin labels ("（三）其他情形数" under 四、 and 五、) cannot swap.
 */
function alignInOrder(scores: (number | null)[][], n: number, m: number, offset = 0.5): Pair[] {
  const best = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const s = scores[i - 1]![j - 1];
      const take = s === null || s === undefined ? -Infinity : best[i - 1]![j - 1]! + s - offset;
      best[i]![j] = Math.max(best[i - 1]![j]!, best[i]![j - 1]!, take);
    }
  }
  const pairs: Pair[] = [];
  for (let i = n, j = m; i > 0 && j > 0;) {
    const s = scores[i - 1]![j - 1];
    if (s !== null && s !== undefined && best[i]![j] === best[i - 1]![j - 1]! + s - offset) {
      pairs.push({ o: i - 1, s: j - 1, score: s });
      i--;
      j--;
    } else if (best[i]![j] === best[i - 1]![j]) i--;
    else j--;
  }
  return pairs.reverse();
}

/** A gap with more labels than definitions (heading rows) is aligned on labels this similar. */
const GAP_MIN_SIMILARITY = 0.5;

/**
 * Between two paired neighbours: when there are as many unpaired labels as unpaired
 * definitions, pair them in order (an OCR-damaged "（七）总汁" between "3.其他" and
 * "四、结转…" is （七）总计; a lone label between two neighbours is taken whatever OCR made
 * of it); otherwise align the gap on looser similarity. Such pairs get ORDER_SCORE so that
 * their facts are flagged.
 */
function fillByOrder(
  observed: readonly ObservedLabel[],
  specs: readonly LabelSpec[],
  ordered: readonly Pair[],
  usedO: ReadonlySet<number>,
  usedS: ReadonlySet<number>,
): Pair[] {
  // only the pairs found in order fence the gaps (an out-of-order pair has no place in it)
  const fences = [{ o: -1, s: -1 }, ...ordered, { o: observed.length, s: specs.length }];
  const sim = (o: number, s: number) => Math.max(0, ...specs[s]!.text.map((t) => labelSimilarity(observed[o]!.leaf, t)));
  const filled: Pair[] = [];
  for (let k = 0; k + 1 < fences.length; k++) {
    const a = fences[k]!,
      b = fences[k + 1]!;
    // order means nothing without at least one label paired by its wording
    if (b.s <= a.s || (a.o < 0 && b.o >= observed.length)) continue;
    const os = range(a.o + 1, b.o).filter((o) => !usedO.has(o) && labelForm(observed[o]!.leaf));
    const ss = range(a.s + 1, b.s).filter((s) => !usedS.has(s));
    if (!os.length || !ss.length) continue;
    if (os.length === ss.length) {
      // one label between two paired neighbours is that definition, however damaged
      const interior = a.o >= 0 && b.o < observed.length;
      const min = os.length > 1 ? ORDER_MIN_SIMILARITY : interior ? 0 : EDGE_MIN_SIMILARITY;
      os.forEach((o, i) => {
        if (sim(o, ss[i]!) >= min) filled.push({ o, s: ss[i]!, score: ORDER_SCORE });
      });
      continue;
    }
    const gapScores = os.map((o) => ss.map((s) => (sim(o, s) >= GAP_MIN_SIMILARITY ? sim(o, s) : null)));
    for (const p of alignInOrder(gapScores, os.length, ss.length, 0.4)) {
      filled.push({ o: os[p.o]!, s: ss[p.s]!, score: ORDER_SCORE });
    }
  }
  return filled;
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/**
 * Assigns definitions to observed labels one-to-one, so that one printed label is never read
 * as two indicators and one indicator never comes from two rows: first in the form's order,
 * then very sure pairs out of order, then the gaps by order.
 */
export function assignLabels<T extends LabelSpec>(
  observed: readonly ObservedLabel[],
  specs: readonly T[],
  { minScore = 0.7, minLeaf = 0.6 }: AssignOptions = {},
): LabelAssignment<T>[] {
  const wordings = specs.map((spec) => spec.text.map(labelForms));
  const scores = observed.map((obs) => {
    const forms = labelForms(obs.leaf);
    return specs.map((spec, s) => {
      // a pair whose label cannot reach minLeaf is not scored at all
      if (!forms.full || !wordings[s]!.some((w) => formsMayReach(forms, w, minLeaf))) return null;
      const { score, leaf } = scoreLabel(spec, obs);
      return score >= minScore && leaf >= minLeaf ? score : null;
    });
  });
  const ordered = alignInOrder(scores, observed.length, specs.length);
  const pairs = [...ordered];
  const usedO = new Set(pairs.map((p) => p.o)),
    usedS = new Set(pairs.map((p) => p.s));
  const extra: Pair[] = [];
  scores.forEach((row, o) =>
    row.forEach((score, s) => {
      if (score !== null && score >= OUT_OF_ORDER_SCORE && !usedO.has(o) && !usedS.has(s)) extra.push({ o, s, score });
    }),
  );
  for (const p of extra.sort((a, b) => b.score - a.score)) {
    if (usedO.has(p.o) || usedS.has(p.s)) continue;
    usedO.add(p.o);
    usedS.add(p.s);
    pairs.push(p);
  }
  const byLabel = pairs.map((p) => ({ observed: p.o, spec: specs[p.s]!, score: p.score, by: 'label' as const }));
  const byOrder = fillByOrder(observed, specs, ordered, usedO, usedS).map((p) => ({
    observed: p.o,
    spec: specs[p.s]!,
    score: p.score,
    by: 'order' as const,
  }));
  return [...byLabel, ...byOrder].sort((a, b) => a.observed - b.observed);
}
