/**
 * Checks a PDF's streams before pdf.js reads it. pdf.js inflates a FlateDecode stream into
 * one growing buffer and lexes all of it: a content stream that inflates to 400 MiB of
 * blanks (from 400 KiB, or from 1.5 KiB with two Flate layers) took 30–38 s and 1.2 GB of
 * RSS. Flate streams are inflated here first, counting and discarding the output, and the
 * file is refused with TOO_LARGE when one stream or all of them together are too big (many
 * small streams can be concatenated into one page's content). Deflate cannot expand more
 * than about 1032:1, so a stream too small to break a limit even at that ratio is not
 * inflated.
 *
 * Image streams are not inflated: pdf.js reads only width × height × bits of them, and the
 * pixel limit (maxImageSize) keeps it from decoding large ones. Their sizes are reported.
 * Streams of an encrypted file cannot be inflated without the key and pass unmeasured, as do
 * LZW streams (no decoder here; rare since PDF 1.2).
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { NianbaoError } from '../errors.js';
import { DEFAULT_MAX_IMAGE_PIXELS } from './pixel-limit.js';
import { rawObjects, type RawObject } from './raw-objects.js';

export interface StreamLimits {
  /** Largest inflated size of one non-image stream, bytes (default 64 MiB). */
  maxStreamBytes?: number;
  /** Largest inflated size of all measured streams together, bytes (default 1 GiB). */
  maxTotalStreamBytes?: number;
  /** Images with more pixels than this are reported as oversized (default 100 megapixels). */
  maxImagePixels?: number;
}

export const DEFAULT_MAX_STREAM_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_TOTAL_STREAM_BYTES = 1024 * 1024 * 1024;

/** Deflate's best ratio is 1032:1; with a margin, a layer never expands more than this. */
const MAX_INFLATE_RATIO = 1100;
/** Streams that cannot expand beyond this are inflated in one synchronous call. */
const SYNC_INFLATE_BYTES = 4 * 1024 * 1024;
const MIB = 1024 * 1024;
/** Largest expansion bound counted for one stream (bytes). */
const MAX_BOUND = 2 ** 48;

export interface StreamReport {
  /** Image XObjects above the pixel limit (object number and declared size). */
  oversizedImages: { num: number; width: number; height: number }[];
}

/** `objects` are the file's top-level objects when they have been read already (rawObjectIndex). */
export async function checkStreams(
  data: Uint8Array,
  limits: StreamLimits = {},
  objects: Iterable<RawObject> = rawObjects(data),
): Promise<StreamReport> {
  const maxStream = limits.maxStreamBytes ?? DEFAULT_MAX_STREAM_BYTES;
  const maxTotal = limits.maxTotalStreamBytes ?? DEFAULT_MAX_TOTAL_STREAM_BYTES;
  const maxPixels = limits.maxImagePixels ?? DEFAULT_MAX_IMAGE_PIXELS;
  const report: StreamReport = { oversizedImages: [] };
  const flate: { num: number; stream: Uint8Array; layers: number; bound: number }[] = [];
  for (const obj of objects) {
    if (!obj.stream) continue;
    if (/\/Subtype\s*\/Image\b/.test(obj.body)) {
      const width = Number(/\/Width\s+(\d+)/.exec(obj.body)?.[1] ?? 0);
      const height = Number(/\/Height\s+(\d+)/.exec(obj.body)?.[1] ?? 0);
      if (width * height > maxPixels) report.oversizedImages.push({ num: obj.num, width, height });
      continue;
    }
    const layers = flateLayers(obj.body);
    if (layers === 0) continue;
    const stream = data.subarray(obj.stream.start, obj.stream.end);
    // Capped so that sums stay exact enough (a bound over any limit is measured anyway).
    flate.push({ num: obj.num, stream, layers, bound: Math.min(MAX_BOUND, stream.length * MAX_INFLATE_RATIO ** layers) });
  }
  // Only what could break a limit is inflated. Each stream counts for the most it can expand
  // to until it is measured; the largest are measured first, until every stream left is
  // under the one-stream limit by its bound and the sum is under the total limit. A text PDF's
  // thousands of small streams (fonts' glyph procedures) are then never inflated here.
  flate.sort((a, b) => b.bound - a.bound);
  let total = flate.reduce((sum, f) => sum + f.bound, 0);
  for (const f of flate) {
    if (f.bound <= maxStream && total <= maxTotal) break;
    const small = f.bound <= SYNC_INFLATE_BYTES;
    const size = small ? inflatedSizeSync(f.stream, f.layers) : await inflatedSize(f.stream, f.layers, maxStream);
    if (size > maxStream) {
      throw new NianbaoError(
        'TOO_LARGE',
        `A compressed stream in the PDF (object ${f.num}) expands to more than ${maxStream / MIB} MiB and was not read`,
      );
    }
    total += size - f.bound;
  }
  // Still over after measuring every stream: the sum is exact.
  if (total > maxTotal) {
    throw new NianbaoError('TOO_LARGE', `The compressed streams of the PDF expand to more than ${maxTotal / MIB} MiB together`);
  }
  return report;
}

/** How many FlateDecode filters a stream has, when it has no other filter; else 0. */
export function flateLayers(dict: string): number {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict);
  if (!m) return 0;
  const names = m[1]!.match(/\/[A-Za-z0-9]+/g) ?? [];
  return names.length > 0 && names.every((n) => n === '/FlateDecode' || n === '/Fl') ? names.length : 0;
}

/** inflatedSize for a stream known to be small; damaged data goes the streaming way. */
function inflatedSizeSync(data: Uint8Array, layers: number): number {
  let out: Uint8Array = data;
  try {
    for (let i = 0; i < layers; i++) out = zlib.inflateSync(out, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch {
    return 0; // pdf.js cannot read it either, beyond a few bytes
  }
  return out.length;
}

/**
 * The inflated size of `data` through `layers` Flate filters, counted without keeping the
 * output; counting stops just above `cap`. Damaged data counts up to where it breaks, as
 * pdf.js reads it.
 */
export async function inflatedSize(data: Uint8Array, layers: number, cap: number): Promise<number> {
  let count = 0;
  const counter = new Writable({
    write(chunk: Buffer, _enc, done) {
      count += chunk.length;
      done(count > cap ? new Error('over the cap') : null);
    },
  });
  const inflaters = Array.from({ length: layers }, () =>
    zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: 256 * 1024 }),
  );
  try {
    await pipeline([Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]), ...inflaters, counter]);
  } catch {
    // over the cap, or damaged data: the count so far is the answer
  }
  return count;
}
