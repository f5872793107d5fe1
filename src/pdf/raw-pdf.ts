/**
 * A PDF's objects read straight from the file's top-level objects (raw-objects.ts), without
 * pdf.js: dictionaries, inherited page attributes and the bytes of simple streams. Used where
 * pdf.js would do much more work than is needed (a scan's JPEG, a page's ruling lines); every
 * caller falls back to pdf.js when something here cannot be read.
 */
import zlib from 'node:zlib';
import { rawObjectIndex, type RawObject } from './raw-objects.js';
import { isDict, isName, isRef, parseObject, type PdfDict, type PdfValue } from './syntax.js';

/** Parents followed up the page tree for inherited attributes. */
const MAX_TREE_DEPTH = 32;
const ENCRYPT = Buffer.from('/Encrypt');
const OBJECT_STREAM = /\/Type\s*\/ObjStm\b/;

export class RawPdf {
  private readonly parsed = new Map<number, PdfValue | undefined>();
  private completeCache: boolean | undefined;

  constructor(
    readonly data: Uint8Array,
    readonly objects: ReadonlyMap<number, RawObject> = rawObjectIndex(data),
  ) {}

  /**
   * Whether the top-level objects are the whole current document: false when the file is
   * encrypted (its streams cannot be read without the key) or has object streams (an object
   * there may be a newer version of a top-level one, or the only one).
   */
  get complete(): boolean {
    this.completeCache ??= this.seesEverything();
    return this.completeCache;
  }

  private seesEverything(): boolean {
    const buf = Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    if (buf.indexOf(ENCRYPT) >= 0) return false;
    for (const obj of this.objects.values()) if (obj.stream && OBJECT_STREAM.test(obj.body)) return false;
    return true;
  }

  /** Object `num`'s value (parsed once), undefined when it is not a top-level object. */
  object(num: number): PdfValue | undefined {
    if (!this.parsed.has(num)) this.parsed.set(num, parseObject(this.objects.get(num)?.body ?? ''));
    return this.parsed.get(num);
  }

  /** `v`, or the object it refers to. */
  resolve(v: PdfValue | undefined): PdfValue | undefined {
    return isRef(v) ? this.object(v.ref) : v;
  }

  dict(v: PdfValue | undefined): PdfDict | undefined {
    const value = this.resolve(v);
    return isDict(value) ? value : undefined;
  }

  /** A page attribute that may be inherited from the page tree (Resources, MediaBox, ...). */
  inherited(page: PdfDict, key: string): PdfValue | undefined {
    let node: PdfDict | undefined = page;
    for (let depth = 0; node && depth < MAX_TREE_DEPTH; depth++) {
      if (node.has(key)) return node.get(key);
      node = this.dict(node.get('Parent'));
    }
    return undefined;
  }

  /**
   * The decoded bytes of stream object `num` when it is unfiltered or plain FlateDecode (no
   * predictor) and decodes to at most `maxBytes`; null otherwise.
   */
  streamBytes(num: number, maxBytes: number): Uint8Array | null {
    const obj = this.objects.get(num);
    const dict = this.object(num);
    if (!obj?.stream || !isDict(dict)) return null;
    const raw = this.data.subarray(obj.stream.start, obj.stream.end);
    const filter = dict.get('Filter');
    const filters = Array.isArray(filter) ? filter : filter === undefined ? [] : [filter];
    if (filters.length === 0) return raw.length <= maxBytes ? raw : null;
    if (filters.length > 1 || !(isName(filters[0], 'FlateDecode') || isName(filters[0], 'Fl')) || dict.has('DecodeParms')) {
      return null;
    }
    try {
      return zlib.inflateSync(raw, { maxOutputLength: maxBytes });
    } catch {
      return null; // damaged, or over maxBytes
    }
  }
}
