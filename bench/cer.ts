/**
 * Character error rate: edit distance (insertions, deletions, substitutions) divided by the
 * reference length, after NFKC and with all white space removed (CJK text has no spaces, and
 * the engines disagree on where to put them).
 */

export function normalizeForCer(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/** Levenshtein distance over code points, two rows: O(n·m) time, O(m) memory. */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  // Code points as numbers: comparing integers is much faster than comparing strings.
  const tc = Int32Array.from(t, (c) => c.codePointAt(0)!);
  let prev = new Int32Array(t.length + 1);
  let cur = new Int32Array(t.length + 1);
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    const sc = s[i - 1]!.codePointAt(0)!;
    cur[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const sub = prev[j - 1]! + (sc === tc[j - 1] ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[t.length]!;
}

export interface CerCount {
  /** Edits needed to turn the hypothesis into the reference. */
  edits: number;
  /** Reference length in code points (after normalization). */
  refChars: number;
}

export function cerCount(hypothesis: string, reference: string): CerCount {
  const hyp = normalizeForCer(hypothesis);
  const ref = normalizeForCer(reference);
  return { edits: editDistance(hyp, ref), refChars: Array.from(ref).length };
}

/** CER over several pages: total edits over total reference characters. */
export function pooledCer(counts: readonly CerCount[]): number {
  const chars = counts.reduce((s, c) => s + c.refChars, 0);
  return chars > 0 ? counts.reduce((s, c) => s + c.edits, 0) / chars : 0;
}

/**
 * An order-free error: characters missing or extra, counted as multisets, over the reference
 * length. It tells how much of the CER comes from reading order rather than from recognition.
 */
export function bagErrorCount(hypothesis: string, reference: string): CerCount {
  const count = (s: string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const c of s) m.set(c, (m.get(c) ?? 0) + 1);
    return m;
  };
  const h = count(normalizeForCer(hypothesis));
  const r = count(normalizeForCer(reference));
  let missing = 0;
  let extra = 0;
  for (const [c, n] of r) missing += Math.max(0, n - (h.get(c) ?? 0));
  for (const [c, n] of h) extra += Math.max(0, n - (r.get(c) ?? 0));
  let refChars = 0;
  for (const n of r.values()) refChars += n;
  // A substitution is one missing and one extra character: count it once, like the CER does.
  return { edits: Math.max(missing, extra), refChars };
}
