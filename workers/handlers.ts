/**
 * One handler per stage: read the inputs named in the job, call the stage function in src/,
 * store its output, queue the next step. Follow-up jobs are queued here and nowhere else.
 */
import { Job } from 'bullmq';
import { SNIFF_BYTES } from '../src/ingest/sniff.js';
import type { DocumentLayout, PageContent } from '../src/model.js';
import {
  admitSource,
  extractSource,
  layoutExtraction,
  normalizeLayout,
  ocrSourcePage,
  pageCountOf,
  withOcrPages,
  type Extraction,
} from '../src/pipeline/stages.js';
import type { RecordWarning } from '../src/record/schema.js';
import { derivedKey } from '../src/store/artifact-store.js';
import { jobOptions } from './context.js';
import { jobIdFor, type JobOf, type Stage } from './jobs.js';
import { countPages } from './metrics.js';
import { sourceOf, type StageHandler } from './stage-worker.js';

interface StoredLayout {
  layout: DocumentLayout;
  warnings: RecordWarning[];
}

export const ingest: StageHandler<'ingest'> = async (data, ctx) => {
  // A document that already has its record is not converted again, whoever queues it.
  if (await ctx.registry.isFinished(data.docId)) {
    ctx.log.info({ docId: data.docId, name: data.name }, 'duplicate document skipped');
    return;
  }
  await ctx.registry.update(data.docId, { name: data.name, status: 'ingest' });
  const head = await ctx.store.head(data.sourceKey, SNIFF_BYTES);
  const mediaType = admitSource(head, data.name, data.bytes, ctx.config.limits);
  await ctx.queues.extract.add('extract', { ...data, mediaType }, { jobId: jobIdFor(data.docId) });
};

/** Where the OCR stage leaves a page's result. */
const ocrPageKey = (docId: string, page: number) => derivedKey(docId, `ocr/page-${String(page).padStart(4, '0')}.json`);

export const extract: StageHandler<'extract'> = async (data, ctx) => {
  await ctx.registry.update(data.docId, { status: 'extract' });
  const bytes = await ctx.store.get(data.sourceKey);
  const extraction = await extractSource(new Uint8Array(bytes), data.mediaType, ctx.config.limits);
  const extractionKey = derivedKey(data.docId, 'extraction.json');
  await ctx.store.putJson(extractionKey, extraction);
  const pages = pageCountOf(extraction);
  const ocr = extraction.ocrPages;
  await ctx.registry.update(data.docId, {
    pagesTotal: pages,
    pagesDone: pages - ocr.length,
    ...(ocr.length ? { status: 'ocr' } : {}),
  });
  if (extraction.kind === 'html') countPages('html', 1);
  else countPages('text', pages - ocr.length);
  // The document's tables job is the parent of a flow whose children are its pages to OCR;
  // it runs once they have all finished. A page that fails for good does not hold the
  // document back (ignoreDependencyOnFailure): the record names it and is partial.
  const options = jobOptions(ctx.config);
  await ctx.flows.add({
    name: 'tables',
    queueName: 'tables',
    data: { ...data, pages, extractionKey } satisfies JobOf['tables'],
    opts: { ...options, jobId: jobIdFor(data.docId) },
    children: ocr.map((page) => ({
      name: 'ocr',
      queueName: 'ocr',
      data: { ...data, page, pages } satisfies JobOf['ocr'],
      opts: { ...options, jobId: jobIdFor(data.docId, page), ignoreDependencyOnFailure: true },
    })),
  });
};

export const ocr: StageHandler<'ocr'> = async (data, ctx, job) => {
  const bytes = await ctx.store.get(data.sourceKey);
  const page = await ocrSourcePage(new Uint8Array(bytes), data.mediaType, data.page, await ctx.ocrEngine(), ctx.config.limits);
  await ctx.store.putJson(ocrPageKey(data.docId, data.page), page);
  countPages('ocr', 1);
  const done = await ctx.registry.pageDone(data.docId);
  // Progress of the document, pages done out of total, on its parent job.
  if (job.parent?.id) {
    const parent = await Job.fromId(ctx.queues.tables, job.parent.id);
    await parent?.updateProgress({ pagesDone: Math.min(done, data.pages), pagesTotal: data.pages });
  }
};

export const tables: StageHandler<'tables'> = async (data, ctx) => {
  await ctx.registry.update(data.docId, { status: 'tables' });
  const extracted = await ctx.store.getJson<Extraction>(data.extractionKey);
  const read = new Map<number, PageContent>();
  for (const page of extracted.ocrPages) {
    const key = ocrPageKey(data.docId, page);
    if (await ctx.store.has(key)) read.set(page, await ctx.store.getJson<PageContent>(key));
  }
  const extraction = withOcrPages(extracted, read);
  const stored: StoredLayout = { layout: layoutExtraction(extraction), warnings: extraction.warnings };
  const layoutKey = derivedKey(data.docId, 'layout.json');
  await ctx.store.putJson(layoutKey, stored);
  const { extractionKey: _, ...rest } = data;
  await ctx.queues.normalize.add('normalize', { ...rest, layoutKey }, { jobId: jobIdFor(data.docId) });
};

export const normalize: StageHandler<'normalize'> = async (data, ctx) => {
  await ctx.registry.update(data.docId, { status: 'normalize' });
  const { layout, warnings } = await ctx.store.getJson<StoredLayout>(data.layoutKey);
  const record = normalizeLayout(sourceOf(data), layout, warnings);
  await ctx.publish(record);
  await ctx.registry.update(data.docId, { status: record.status });
};

export const HANDLERS: { [S in Stage]: StageHandler<S> } = { ingest, extract, ocr, tables, normalize };
