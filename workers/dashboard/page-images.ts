/**
 * GET /documents/:id/pages/:n.png — a page of the stored source, rendered once and cached in
 * the artifact store beside the document's other derived files.
 *
 * The cache key has no scale in it (derived/<id>/page-<n>.png): the boxes are drawn at
 * PAGE_IMAGE_SCALE, so changing that constant means clearing the cached page images.
 */
import type { Request, Response } from 'express';
import { NianbaoError } from '../../src/errors.js';
import { SNIFF_BYTES, sniffMediaType } from '../../src/ingest/sniff.js';
import { PageRangeError, renderPdfPage } from '../../src/render/page-image.js';
import { derivedKey, sourceKey } from '../../src/store/artifact-store.js';
import type { WorkerContext } from '../context.js';
import { isDocId } from './documents.js';
import { PAGE_IMAGE_SCALE } from './views.js';

const PAGE_FILE = /^([1-9]\d{0,4})\.png$/;

export function pageImageHandler(ctx: WorkerContext): (req: Request, res: Response) => Promise<void> {
  // Two requests for the same page while it renders share the one rendering.
  const inFlight = new Map<string, Promise<Buffer | undefined>>();

  const load = async (docId: string, page: number): Promise<Buffer | undefined> => {
    const cacheKey = derivedKey(docId, `page-${page}.png`);
    if (await ctx.store.has(cacheKey)) return ctx.store.get(cacheKey);
    const key = sourceKey(docId);
    if (!(await ctx.store.has(key))) return undefined;
    if (sniffMediaType(await ctx.store.head(key, SNIFF_BYTES)) !== 'application/pdf') return undefined;
    try {
      const { png } = await renderPdfPage(await ctx.store.get(key), page, { scale: PAGE_IMAGE_SCALE });
      await ctx.store.put(cacheKey, png);
      return png;
    } catch (err) {
      // No such page, or a PDF that cannot be read (its record says so): no image to show.
      if (err instanceof PageRangeError || (err instanceof NianbaoError && !err.retryable)) return undefined;
      throw err;
    }
  };

  return async (req, res) => {
    const docId = String(req.params.id);
    const m = PAGE_FILE.exec(String(req.params.file));
    if (!isDocId(docId) || !m) {
      res.status(404).type('text/plain').send('not found\n');
      return;
    }
    const page = Number(m[1]);
    const key = `${docId}/${page}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = load(docId, page).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    const png = await pending;
    if (!png) {
      res.status(404).type('text/plain').send('no page image\n');
      return;
    }
    res.type('image/png').set('Cache-Control', 'private, max-age=3600').send(png);
  };
}
