/**
 * Bytes of a saved web page → string. Chinese government sites still serve GB2312/GBK pages,
 * and a page saved from the browser keeps its original bytes, so the declared charset matters.
 *
 * Order (as in the WHATWG encoding sniffing algorithm, minus the network layer): a byte order
 * mark, then a `<meta charset>` / `<meta http-equiv="Content-Type">` declaration (or an XML
 * declaration's encoding) in the first bytes, then UTF-8. A page that claims (or defaults to) UTF-8 but is not valid UTF-8 while it
 * is valid GB18030 is decoded as GB18030: mis-declared GBK pages are common on these sites.
 */

/** How many leading bytes are searched for a charset declaration (the WHATWG prescan uses 1024; CMS headers are longer). */
const PRESCAN_BYTES = 4096;

const META_CHARSET_RE = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;
const XML_ENCODING_RE = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)/i;

/** The GB family: WHATWG maps all of them to one decoder; gb18030 is the superset. */
const GB_LABELS = new Set([
  'gb2312',
  'gbk',
  'gb18030',
  'x-gbk',
  'gb_2312',
  'gb_2312-80',
  'chinese',
  'csgb2312',
  'euc-cn',
  'cp936',
  'ms936',
  'windows-936',
]);

export type Charset = string;

/** The encoding given by a byte order mark, if the data starts with one. */
export function bomCharset(bytes: Uint8Array): Charset | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * The charset a page declares in its first bytes (`<meta charset>` or the http-equiv content
 * type), as a TextDecoder label; undefined when none is declared or the label is unknown.
 */
export function declaredCharset(bytes: Uint8Array): Charset | undefined {
  // latin1 keeps every byte as one code unit, so ASCII markup is readable whatever the encoding.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PRESCAN_BYTES)).toString('latin1');
  const label = (META_CHARSET_RE.exec(head) ?? XML_ENCODING_RE.exec(head))?.[1]?.toLowerCase();
  if (label === undefined) return undefined;
  if (GB_LABELS.has(label)) return 'gb18030';
  // A page that says UTF-16 in its markup is read as ASCII-compatible bytes, so it cannot be.
  if (label.startsWith('utf-16') || label === 'unicode') return 'utf-8';
  return isSupported(label) ? label : undefined;
}

/** Decodes a saved page; see the module comment for the order of evidence. */
export function decodeHtml(data: Uint8Array | string): string {
  if (typeof data === 'string') return data.startsWith('\uFEFF') ? data.slice(1) : data;
  const bom = bomCharset(data);
  if (bom !== undefined) return new TextDecoder(bom).decode(data); // TextDecoder drops the BOM
  const declared = declaredCharset(data);
  if (declared !== undefined && declared !== 'utf-8') return new TextDecoder(declared).decode(data);
  const strictUtf8 = tryDecode('utf-8', data);
  if (strictUtf8 !== undefined) return strictUtf8;
  return tryDecode('gb18030', data) ?? new TextDecoder('utf-8').decode(data);
}

function tryDecode(label: Charset, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return undefined; // invalid for this encoding: the caller tries the next one
  }
}

function isSupported(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}
