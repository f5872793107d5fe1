/**
 * What kind of file an upload is, from its first bytes. The name's extension is only a
 * tie-breaker for text files: a JPEG named .pdf is a JPEG.
 */
export type MediaType =
  | 'application/pdf'
  | 'text/html'
  | 'image/png'
  | 'image/jpeg'
  | 'image/tiff'
  | 'image/gif'
  | 'application/zip'
  | 'text/plain'
  | 'application/octet-stream';

/** How many leading bytes sniffMediaType looks at. */
export const SNIFF_BYTES = 4096;

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

export function sniffMediaType(head: Uint8Array, fileName = ''): MediaType {
  const latin = Buffer.from(head.subarray(0, SNIFF_BYTES)).toString('latin1');
  // Signatures at the start come first: a ZIP holding a stored PDF, or a JPEG with one in its
  // metadata, has %PDF- in its first kilobyte too, and pdf.js would read it.
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (latin.startsWith('GIF87a') || latin.startsWith('GIF89a')) return 'image/gif';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'application/zip';
  // %PDF- may be preceded by junk (some producers write a few bytes first); pdf.js accepts
  // a header within the first kilobyte, and so do we.
  if (latin.slice(0, 1024).includes('%PDF-')) return 'application/pdf';
  if (looksLikeText(head)) {
    const text = latin
      .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
      .trimStart()
      .toLowerCase();
    if (/^<(!doctype html|html|head|body|meta|title|!--)/.test(text) || /<html[\s>]/.test(text)) return 'text/html';
    if (/\.(s?html?|xhtml)$/i.test(fileName) && text.includes('<')) return 'text/html';
    return 'text/plain';
  }
  return 'application/octet-stream';
}

/** No NUL bytes and few control characters: a text file in some ASCII-compatible encoding. */
function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let control = 0;
  for (const b of head.subarray(0, SNIFF_BYTES)) {
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control / Math.min(head.length, SNIFF_BYTES) < 0.01;
}
