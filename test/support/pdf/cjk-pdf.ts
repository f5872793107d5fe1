/**
 * Test PDFs with Chinese text and no embedded font: Helvetica with every code 1 em wide and
 * a ToUnicode map from codes to the characters used. The glyphs shown are wrong, the text
 * pdf.js extracts is right — which is all the text path looks at.
 */
import { toUnicodeCMap } from './build-pdf.js';
import { serializePdf, type PdfObject } from './writer.js';

export interface CjkText {
  /** Left end of the baseline, PDF user space (origin bottom-left), points. */
  x: number;
  y: number;
  size: number;
  text: string;
}

export interface CjkPage {
  texts: CjkText[];
  /** Extra content (rules: `x0 y0 m x1 y1 l S`), drawn before the text. */
  graphics?: string;
}

/** Codes 0x21..0xFF of one font; a space keeps code 0x20 in every font. */
const CODES_PER_FONT = 0xff - 0x21 + 1;

export function buildCjkPdf(
  pages: CjkPage[],
  opts: { title?: string; encrypt?: { user: string; owner: string } } = {},
): Uint8Array {
  const chars = [...new Set(pages.flatMap((p) => p.texts.flatMap((t) => [...t.text])))].filter((c) => c !== ' ');
  const fontOf = new Map<string, { font: number; code: number }>();
  chars.forEach((c, i) => fontOf.set(c, { font: Math.floor(i / CODES_PER_FONT), code: 0x21 + (i % CODES_PER_FONT) }));
  const fontCount = Math.max(1, Math.ceil(chars.length / CODES_PER_FONT));

  const objects = new Map<number, PdfObject>();
  let next = 3; // 1 catalog, 2 page tree
  const add = (o: PdfObject): number => {
    objects.set(next, o);
    return next++;
  };
  const widths = `[${Array(256).fill(1000).join(' ')}]`;
  const fonts: number[] = [];
  for (let f = 0; f < fontCount; f++) {
    const map: Record<string, string> = { ' ': ' ' };
    for (const [c, at] of fontOf) if (at.font === f) map[String.fromCharCode(at.code)] = c;
    const cmap = add({ dict: '<< >>', data: toUnicodeCMap(map) });
    fonts.push(
      add(
        `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 0 /LastChar 255 /Widths ${widths} /ToUnicode ${cmap} 0 R >>`,
      ),
    );
  }
  const fontResources = fonts.map((n, f) => `/F${f} ${n} 0 R`).join(' ');
  const kids = pages.map((page) => {
    const content = (page.graphics ?? '') + page.texts.map((t) => showText(t, fontOf)).join('');
    const c = add({ dict: '<< >>', data: content });
    return add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << ${fontResources} >> >> /Contents ${c} 0 R >>`,
    );
  });
  objects.set(1, '<< /Type /Catalog /Pages 2 0 R >>');
  objects.set(2, `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`);
  const info = opts.title ? add(`<< /Title <feff${Buffer.from(opts.title, 'utf16le').swap16().toString('hex')}> >>`) : undefined;
  return serializePdf({ objects, root: 1, ...(info ? { info } : {}), ...(opts.encrypt ? { encrypt: opts.encrypt } : {}) });
}

/** One text line: runs of characters of the same font, each shown as a hex string. */
function showText(t: CjkText, fontOf: ReadonlyMap<string, { font: number; code: number }>): string {
  let ops = `BT ${t.x} ${t.y} Td`;
  let font = -1;
  let run = '';
  const flush = () => {
    if (run) ops += ` <${run}> Tj`;
    run = '';
  };
  for (const c of t.text) {
    const at = c === ' ' ? { font: Math.max(font, 0), code: 0x20 } : fontOf.get(c)!;
    if (at.font !== font) {
      flush();
      font = at.font;
      ops += ` /F${font} ${t.size} Tf`;
    }
    run += at.code.toString(16).padStart(2, '0');
  }
  flush();
  return `${ops} ET\n`;
}
