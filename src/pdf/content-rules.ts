/**
 * Ruling lines read from a page's content streams directly, instead of from pdf.js's operator
 * list. The text path needs pdf.js for text (fonts, encodings, CMaps) but only paths, the
 * transformation matrix, colours and alpha for rules; the operator list costs a second parse
 * of every content stream, the conversion of every font and glyph outline for drawing, and a
 * copy of it all between pdf.js's two halves: a quarter of a text PDF's extraction time.
 *
 * What is read: q Q cm, path construction and painting, colour operators in device, ICC and
 * calibrated spaces, ExtGState alpha, form XObjects (nested, with /Matrix), inline images
 * (skipped). Anything else that could change which paths are visible (a colour in a
 * Separation, DeviceN, Indexed or Lab space), a stream that cannot be decoded or lexed here, or a file
 * whose objects cannot all be seen (RawPdf.complete) gives null, and the caller asks pdf.js.
 */
import { toMatrix, type Matrix } from './matrix.js';
import type { RuleSegment } from '../model.js';
import type { RawPdf } from './raw-pdf.js';
import { DRAW_CLOSE, DRAW_CURVE_TO, DRAW_LINE_TO, DRAW_MOVE_TO, RuleCollector, isWhiteColor, type Paint } from './rules.js';
import { isName, isRef, scanContent, type Operand, type PdfDict, type PdfValue } from './syntax.js';

/** Nesting of form XObjects followed (pdf.js follows about as deep). */
const MAX_FORM_DEPTH = 16;

/** A colour space as far as whiteness goes: its component count, or a pattern. */
type Space = 1 | 3 | 4 | 'pattern';

class Unsupported extends Error {}

interface ReaderState {
  fill: Space;
  stroke: Space;
}

const PAINT: Readonly<Record<string, Paint>> = {
  S: { fill: false, stroke: true, close: false },
  s: { fill: false, stroke: true, close: true },
  f: { fill: true, stroke: false, close: false },
  F: { fill: true, stroke: false, close: false },
  'f*': { fill: true, stroke: false, close: false },
  B: { fill: true, stroke: true, close: false },
  'B*': { fill: true, stroke: true, close: false },
  b: { fill: true, stroke: true, close: true },
  'b*': { fill: true, stroke: true, close: true },
};

/**
 * The ruling segments of page object `pageObject` in top-left page space (`viewport` as for
 * rulesFromOperatorList), or null when the page has to be read by pdf.js. `maxBytes` caps
 * the decoded size of each content stream.
 */
export function rulesFromContent(raw: RawPdf, pageObject: number, viewport: Matrix, maxBytes: number): RuleSegment[] | null {
  const page = raw.dict({ ref: pageObject });
  if (!page || !isName(page.get('Type'), 'Page')) return null;
  const contents = raw.resolve(page.get('Contents'));
  const refs = contents === undefined ? [] : Array.isArray(contents) ? contents : [page.get('Contents')];
  const parts: Uint8Array[] = [];
  for (const ref of refs) {
    const bytes = isRef(ref) ? raw.streamBytes(ref.ref, maxBytes) : null;
    if (!bytes) return null;
    parts.push(bytes, NEWLINE);
  }
  const reader = new ContentReader(raw, new RuleCollector(viewport), maxBytes);
  try {
    reader.run(Buffer.concat(parts), raw.dict(raw.inherited(page, 'Resources')), 0);
  } catch (err) {
    if (err instanceof Unsupported || err instanceof SyntaxError) return null;
    throw err;
  }
  return reader.out.rules;
}

const NEWLINE = new Uint8Array([0x0a]);

class ContentReader {
  private state: ReaderState = { fill: 1, stroke: 1 };
  private readonly stack: ReaderState[] = [];
  /** Forms being read, against cycles. */
  private readonly open = new Set<number>();

  constructor(
    private readonly raw: RawPdf,
    readonly out: RuleCollector,
    private readonly maxBytes: number,
  ) {}

  run(bytes: Uint8Array, resources: PdfDict | undefined, depth: number): void {
    let path: number[] = [];
    let x = 0;
    let y = 0;
    scanContent(bytes, (op, args) => {
      switch (op) {
        case 'q':
          this.save();
          break;
        case 'Q':
          this.restore();
          break;
        case 'cm': {
          const m = args.length === 6 ? toMatrix(numbers(op, args)) : null;
          if (m) this.out.transform(m);
          break;
        }
        case 'm':
        case 'l': {
          if (args.length < 2) break;
          [x, y] = numbers(op, args) as [number, number];
          path.push(op === 'm' ? DRAW_MOVE_TO : DRAW_LINE_TO, x, y);
          break;
        }
        case 'c': {
          if (args.length < 6) break;
          const [x1, y1, x2, y2, x3, y3] = numbers(op, args) as [number, number, number, number, number, number];
          path.push(DRAW_CURVE_TO, x1, y1, x2, y2, (x = x3), (y = y3));
          break;
        }
        case 'v': {
          if (args.length < 4) break;
          const [x2, y2, x3, y3] = numbers(op, args) as [number, number, number, number];
          path.push(DRAW_CURVE_TO, x, y, x2, y2, (x = x3), (y = y3));
          break;
        }
        case 'y': {
          if (args.length < 4) break;
          const [x1, y1, x3, y3] = numbers(op, args) as [number, number, number, number];
          path.push(DRAW_CURVE_TO, x1, y1, (x = x3), (y = y3), x, y);
          break;
        }
        case 'h':
          path.push(DRAW_CLOSE);
          break;
        case 're': {
          if (args.length < 4) break;
          const [rx, ry, w, h] = numbers(op, args) as [number, number, number, number];
          path.push(DRAW_MOVE_TO, rx, ry, DRAW_LINE_TO, rx + w, ry, DRAW_LINE_TO, rx + w, ry + h);
          path.push(DRAW_LINE_TO, rx, ry + h, DRAW_CLOSE);
          [x, y] = [rx, ry];
          break;
        }
        case 'n':
          path = [];
          break;
        case 'g':
        case 'rg':
        case 'k':
        case 'cs':
        case 'sc':
        case 'scn':
        case 'G':
        case 'RG':
        case 'K':
        case 'CS':
        case 'SC':
        case 'SCN':
          this.color(op, args, resources);
          break;
        case 'gs':
          this.extGState(args[0] ?? null, resources);
          break;
        case 'Do':
          this.form(args[0] ?? null, resources, depth);
          break;
        default: {
          const paint = PAINT[op];
          if (paint) {
            this.out.paint(path, paint);
            path = [];
          }
        }
      }
    });
  }

  private save(): void {
    this.stack.push({ ...this.state });
    this.out.save();
  }

  private restore(): void {
    this.state = this.stack.pop() ?? this.state;
    this.out.restore();
  }

  /** g/rg/k, cs and sc/scn set the fill colour; their upper-case twins the stroke colour. */
  private color(op: string, args: Operand[], resources: PdfDict | undefined): void {
    const side = op === op.toLowerCase() ? 'fill' : 'stroke';
    const kind = op.toLowerCase();
    let white: boolean;
    if (kind === 'cs') {
      this.state[side] = this.colorSpace(args[0] ?? null, resources);
      white = false; // the initial colour of every space read here is black (or no pattern)
    } else if (kind === 'sc' || kind === 'scn') {
      const space = this.state[side];
      if (space === 'pattern') return; // a pattern's look is not known here (pdf.js keeps the colour too)
      const components = args.filter((a): a is number => typeof a === 'number');
      if (components.length !== space) throw new Unsupported(`colour of ${components.length} components in a space of ${space}`);
      white = isWhiteColor(components);
    } else {
      this.state[side] = deviceColorSpace(kind, args.length);
      white = isWhiteColor(numbers(op, args));
    }
    if (side === 'fill') this.out.setFillWhite(white);
    else this.out.setStrokeWhite(white);
  }

  private colorSpace(name: Operand, resources: PdfDict | undefined): Space {
    if (typeof name !== 'object' || name === null) throw new Unsupported('colour space operand');
    const device = deviceSpace(name.name);
    if (device !== undefined) return device;
    const value = this.raw.resolve(this.raw.dict(resources?.get('ColorSpace'))?.get(name.name));
    const space = isName(value) ? deviceSpace(value.name) : Array.isArray(value) ? this.spaceOfArray(value) : undefined;
    if (space === undefined) throw new Unsupported(`colour space ${name.name}`);
    return space;
  }

  private spaceOfArray(value: PdfValue[]): Space | undefined {
    const family = value[0];
    if (isName(family, 'ICCBased')) {
      const n = this.raw.dict(value[1])?.get('N');
      return n === 1 || n === 3 || n === 4 ? n : undefined;
    }
    if (isName(family, 'CalGray')) return 1;
    if (isName(family, 'CalRGB')) return 3;
    if (isName(family, 'Pattern')) return 'pattern';
    return undefined; // Separation, DeviceN, Indexed, Lab: the colour needs a conversion
  }

  private extGState(name: Operand, resources: PdfDict | undefined): void {
    if (typeof name !== 'object' || name === null) return;
    const gs = this.raw.dict(this.raw.dict(resources?.get('ExtGState'))?.get(name.name));
    if (!gs) return;
    const alpha = (key: string): number | undefined => {
      const v = this.raw.resolve(gs.get(key));
      return typeof v === 'number' ? v : undefined;
    };
    this.out.setAlpha(alpha('ca'), alpha('CA'));
  }

  private form(name: Operand, resources: PdfDict | undefined, depth: number): void {
    if (typeof name !== 'object' || name === null) return;
    const ref = this.raw.dict(resources?.get('XObject'))?.get(name.name);
    if (!isRef(ref)) return;
    const dict = this.raw.dict(ref);
    if (!dict || !isName(dict.get('Subtype'), 'Form')) return; // images draw no rules
    if (this.open.has(ref.ref) || depth >= MAX_FORM_DEPTH) return;
    const bytes = this.raw.streamBytes(ref.ref, this.maxBytes);
    if (!bytes) throw new Unsupported(`form XObject ${ref.ref} cannot be decoded here`);
    const matrix = this.raw.resolve(dict.get('Matrix'));
    const m = Array.isArray(matrix) && matrix.every((v) => typeof v === 'number') ? toMatrix(matrix as number[]) : null;
    this.open.add(ref.ref);
    this.save();
    if (m) this.out.transform(m);
    this.run(bytes, this.raw.dict(dict.get('Resources')) ?? resources, depth + 1);
    this.restore();
    this.open.delete(ref.ref);
  }
}

/** The space that g, rg or k selects, checked against the operand count. */
function deviceColorSpace(op: string, operands: number): Space {
  const expected = op === 'g' ? 1 : op === 'rg' ? 3 : 4;
  if (operands !== expected) throw new Unsupported(`${op} with ${operands} operands`);
  return expected;
}

/** Every operand of `op`, which must all be numbers. */
function numbers(op: string, args: Operand[]): number[] {
  return args.map((v, i) => {
    if (typeof v !== 'number') throw new Unsupported(`operand ${i} of ${op} is not a number`);
    return v;
  });
}

function deviceSpace(name: string): Space | undefined {
  if (name === 'DeviceGray' || name === 'G' || name === 'CalGray') return 1;
  if (name === 'DeviceRGB' || name === 'RGB' || name === 'CalRGB') return 3;
  if (name === 'DeviceCMYK' || name === 'CMYK') return 4;
  if (name === 'Pattern') return 'pattern';
  return undefined;
}
