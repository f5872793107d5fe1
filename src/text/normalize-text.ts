/**
 * Text clean-up shared by every extractor: the code points that PDF producers and OCR put in
 * place of ordinary Chinese text are folded to the unified ideographs and ASCII forms.
 */

/**
 * CJK Radicals Supplement (U+2E80–U+2EFF) code points that Type 3 fonts map simplified
 * characters to. Unlike the Kangxi radicals (U+2F00–U+2FDF), most of them have no NFKC
 * decomposition, so NFKC alone leaves 门 as ⻔.
 */
const RADICAL_SUPPLEMENT: Readonly<Record<string, string>> = {
  '\u2E8C': '小',
  '\u2E8D': '小',
  '\u2E8E': '兀',
  '\u2E8F': '尢',
  '\u2E90': '尢',
  '\u2E91': '尣',
  '\u2E92': '巳',
  '\u2E93': '幺',
  '\u2E94': '彑',
  '\u2E95': '彐',
  '\u2E96': '忄',
  '\u2E97': '㣺',
  '\u2E98': '扌',
  '\u2E99': '攵',
  '\u2E9B': '旡',
  '\u2E9D': '月',
  '\u2E9E': '歹',
  '\u2E9F': '母',
  '\u2EA0': '民',
  '\u2EA1': '氵',
  '\u2EA2': '水',
  '\u2EA3': '灬',
  '\u2EA4': '爫',
  '\u2EA5': '爫',
  '\u2EA6': '丬',
  '\u2EA7': '牛',
  '\u2EA8': '犭',
  '\u2EA9': '王',
  '\u2EAA': '疋',
  '\u2EAB': '目',
  '\u2EAC': '示',
  '\u2EAD': '礻',
  '\u2EAE': '竹',
  '\u2EAF': '纟',
  '\u2EB0': '纟',
  '\u2EB1': '网',
  '\u2EB2': '网',
  '\u2EB3': '网',
  '\u2EB4': '网',
  '\u2EB5': '网',
  '\u2EB6': '羊',
  '\u2EB7': '羊',
  '\u2EB8': '羊',
  '\u2EB9': '耂',
  '\u2EBA': '肀',
  '\u2EBB': '聿',
  '\u2EBC': '月',
  '\u2EBD': '臼',
  '\u2EBE': '艹',
  '\u2EBF': '艹',
  '\u2EC0': '艹',
  '\u2EC1': '虎',
  '\u2EC2': '衤',
  '\u2EC3': '覀',
  '\u2EC4': '西',
  '\u2EC5': '见',
  '\u2EC6': '角',
  '\u2EC7': '角',
  '\u2EC8': '讠',
  '\u2EC9': '贝',
  '\u2ECA': '足',
  '\u2ECB': '车',
  '\u2ECC': '辶',
  '\u2ECD': '辶',
  '\u2ECE': '辶',
  '\u2ECF': '阝',
  '\u2ED0': '钅',
  '\u2ED1': '长',
  '\u2ED2': '长',
  '\u2ED3': '长',
  '\u2ED4': '门',
  '\u2ED5': '阜',
  '\u2ED6': '阝',
  '\u2ED7': '雨',
  '\u2ED8': '青',
  '\u2ED9': '韦',
  '\u2EDA': '页',
  '\u2EDB': '风',
  '\u2EDC': '飞',
  '\u2EDD': '食',
  '\u2EDE': '食',
  '\u2EDF': '食',
  '\u2EE0': '饣',
  '\u2EE1': '首',
  '\u2EE2': '马',
  '\u2EE3': '骨',
  '\u2EE4': '鬼',
  '\u2EE5': '鱼',
  '\u2EE6': '鸟',
  '\u2EE7': '卤',
  '\u2EE8': '麦',
  '\u2EE9': '黄',
  '\u2EEA': '黾',
  '\u2EEB': '齐',
  '\u2EEC': '齐',
  '\u2EED': '齿',
  '\u2EEE': '齿',
  '\u2EEF': '龙',
  '\u2EF0': '龙',
  '\u2EF1': '龟',
  '\u2EF2': '龟',
  '\u2EF3': '龟',
};

/**
 * Kangxi radicals whose NFKC target is the traditional character while a simplified font draws
 * them with the glyph it shares with the simplified one: pdf.js reports ⼾ for the glyph of 户,
 * and NFKC would make it 戶. Applied before NFKC.
 */
const KANGXI_SIMPLIFIED: Readonly<Record<string, string>> = {
  '\u2F3E': '户', // ⼾
  '\u2FC8': '黄', // ⿈
  '\u2FAD': '青', // ⾭
};

/** Dashes that have no compatibility form: the two- and three-em dashes of 两字线. */
const LONG_DASHES: Readonly<Record<string, string>> = { '\u2E3A': '——', '\u2E3B': '———' };

const RADICAL_RE = /[\u2E80-\u2EFF]/g;
const PRE_NFKC_RE = /[\u2F3E\u2FC8\u2FAD\u2E3A\u2E3B]/g;
const SPACE_RE = /[\s\u00A0\u3000\u200B-\u200D\uFEFF]+/g;

/**
 * Folds compatibility forms: full-width ASCII to ASCII, Kangxi and supplement radicals to the
 * unified ideographs, ideographic space to space. Keeps Chinese punctuation that has no
 * compatibility form (、。“”) as it is. NFKC would turn full-width （ into (, and that is
 * what we want: labels compare equal whichever width the agency typed.
 */
export function normalizeText(s: string): string {
  return s
    .replace(PRE_NFKC_RE, (c) => KANGXI_SIMPLIFIED[c] ?? LONG_DASHES[c] ?? c)
    .normalize('NFKC')
    .replace(RADICAL_RE, (c) => RADICAL_SUPPLEMENT[c] ?? c);
}

/** normalizeText, then all white space removed: the form labels are compared in. */
export function compactText(s: string): string {
  return normalizeText(s).replace(SPACE_RE, '');
}

/** normalizeText, with runs of white space folded to one space and the ends trimmed. */
export function tidyText(s: string): string {
  return normalizeText(s).replace(SPACE_RE, ' ').trim();
}

const CJK = '\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\u3000-\\u303F\\uFF00-\\uFFEF';
const CJK_GAP_RE = new RegExp(`(?<=[${CJK}])[ \\t]+(?=[${CJK}])`, 'g');

/** Removes the spaces that extraction or OCR leaves between two CJK characters. */
export function closeCjkGaps(s: string): string {
  return s.replace(CJK_GAP_RE, '');
}

/** True for code points in the CJK unified ideograph blocks. */
export function isCjk(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}
