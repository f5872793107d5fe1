/**
 * The reporting body's full name. Titles often give only a short form ("文昌镇 2018 年…",
 * "四坝镇2017年…"); the full name ("中卫市沙坡头区文昌镇人民政府") is then looked up in the
 * rest of the document: in the body, the CMS publisher, the signature.
 */
import { compactText } from '../text/normalize-text.js';

/** Endings of the name of a reporting body (government, department, office …). */
const AGENCY_END_RE =
  /(?:人民政府|政府|办公室|办公厅|委员会|管理委员会|管委会|办事处|局|厅|委|院|署|中心|公司|所|站|队|会|部|处|馆|社|团|办)$/;
/** Endings of a bare place name, which stands for its 人民政府 (or 街道办事处). */
const PLACE_END_RE = /(?:自治区|自治州|自治县|省|市|州|盟|县|区|旗|镇|乡|街道)$/;
/** A run of higher administrative levels printed in front of a name ("中卫市沙坡头区"). */
const ADMIN_RUN_RE = /^(?:[\u4e00-\u9fff]{1,5}?(?:自治区|自治州|自治县|地区|省|市|州|盟|县|区|旗))+$/;
/** First characters that make "全区", "我市", "本县" rather than a place. */
const NOT_PLACE_START = /^[我全本该各辖此其原新]/;
const CJK_RUN_END_RE = /[\u4e00-\u9fff]*$/;

/** True for a short text that reads as the name of a reporting body. */
export function isAgencyName(text: string): boolean {
  const c = compactText(text);
  return c.length >= 3 && c.length <= 30 && /^[\u4e00-\u9fff（）()]+$/.test(c) && AGENCY_END_RE.test(c);
}

/**
 * The full name for the agency named in a title. A name that already ends like a body is kept;
 * a bare place ("文昌镇") becomes the longest "…文昌镇人民政府" printed in the texts (with the
 * places printed before it), or, when none is, the place's 人民政府 / 街道办事处.
 */
export function completeAgency(name: string, texts: readonly string[]): string {
  const short = compactText(name);
  if (!PLACE_END_RE.test(short) || AGENCY_END_RE.test(short)) return short;
  const found = [`${short}人民政府`, `${short}办事处`, `${short}政府`]
    .map((body) => longestPrinted(body, texts))
    .filter((x): x is string => !!x);
  if (found.length) return found.sort((a, b) => b.length - a.length)[0]!;
  return short.endsWith('街道') ? `${short}办事处` : `${short}人民政府`;
}

/**
 * The longest form of `name` printed in the texts: an occurrence counts with the Chinese text
 * right before it only when that text is made of place names alone (the run starts at
 * punctuation or the line start), so "请直接与文昌镇人民政府" gives just 文昌镇人民政府.
 */
function longestPrinted(name: string, texts: readonly string[]): string | null {
  let best: string | null = null;
  for (const text of texts) {
    const c = compactText(text);
    for (let at = c.indexOf(name); at >= 0; at = c.indexOf(name, at + 1)) {
      const run = CJK_RUN_END_RE.exec(c.slice(0, at))?.[0] ?? '';
      const places = run && ADMIN_RUN_RE.test(run) && !NOT_PLACE_START.test(run) ? run : run ? null : '';
      if (places === null) continue;
      if (!best || places.length + name.length > best.length) best = places + name;
    }
  }
  return best;
}

/**
 * The signing body printed at the end, above (or before) the date of the report, for titles
 * that name no agency.
 */
export function signatureAgency(lines: readonly string[]): string | null {
  const tail = lines.slice(-25).map(compactText);
  for (let i = tail.length - 1; i >= 0; i--) {
    const c = tail[i]!;
    const sameLine = /^(.+?)(?:\d{4}|[〇零一二三四五六七八九]{4})年.*日$/.exec(c);
    if (sameLine && isAgencyName(sameLine[1]!)) return sameLine[1]!;
    if (/^(?:\d{4}|[〇零一二三四五六七八九]{4})年.*日$/.test(c) && i > 0 && isAgencyName(tail[i - 1]!)) return tail[i - 1]!;
  }
  return null;
}
