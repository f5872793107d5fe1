/**
 * The record contract (shared spec record-v1.md) as a zod schema. The TypeScript types and the
 * published JSON Schema (schema/record-v1.schema.json) are both derived from it, so the three
 * cannot drift apart.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const FORMATS = ['gov2021', 'gov2019', 'gov2014', 'fujian', 'none'] as const;
export const formatSchema = z.enum(FORMATS);

export const factSchema = z.object({
  key: z.string().min(1),
  period: z.enum(['year', 'cumulative']),
  value: z.number().nullable(),
  unit: z.string(),
  raw: z.string(),
  label: z.string(),
  source: z.object({
    page: z.number().int().min(1),
    bbox: bbox.nullable(),
    method: z.enum(['text', 'ocr', 'html']),
    confidence: z.number().min(0).max(1),
  }),
});

export const checkSchema = z.object({
  rule: z.string().min(1),
  status: z.enum(['pass', 'fail', 'skip']),
  keys: z.array(z.string()),
  detail: z.string(),
});

export const warningSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  page: z.number().int().min(1).optional(),
  key: z.string().optional(),
});

export const cmsSchema = z.object({
  system: z.enum(['hanweb', 'trs', 'other']),
  indexNo: z.string().optional(),
  publisher: z.string().optional(),
  publishedOn: isoDate.optional(),
  disclosure: z.string().optional(),
  breadcrumb: z.array(z.string()).optional(),
});

export const recordSchema = z.object({
  schema: z.literal('nianbao.record/v1'),
  id: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  status: z.enum(['complete', 'partial', 'failed']),
  source: z.object({
    name: z.string(),
    mediaType: z.string(),
    bytes: z.number().int().min(0),
    pages: z.number().int().min(0).optional(),
    url: z.string().optional(),
    receivedAt: z.string(),
  }),
  report: z.object({
    title: z.string().nullable(),
    agency: z.string().nullable(),
    year: z.number().int().nullable(),
    publishedOn: isoDate.nullable(),
    format: formatSchema,
    cms: cmsSchema.optional(),
  }),
  facts: z.array(factSchema),
  tables: z.array(
    z.object({
      page: z.number().int().min(1),
      pages: z.array(z.number().int().min(1)).optional(),
      rows: z.array(z.array(z.string())),
      source: z.enum(['text', 'ocr', 'html']),
    }),
  ),
  sections: z.array(z.object({ heading: z.string(), level: z.number().int().min(1), text: z.string() })),
  checks: z.array(checkSchema),
  warnings: z.array(warningSchema),
  error: z.object({ code: z.string().min(1), message: z.string().min(1) }).optional(),
});

export type NianbaoRecord = z.infer<typeof recordSchema>;
export type Fact = z.infer<typeof factSchema>;
export type Check = z.infer<typeof checkSchema>;
export type RecordWarning = z.infer<typeof warningSchema>;
export type ReportFormat = z.infer<typeof formatSchema>;
export type CmsFields = z.infer<typeof cmsSchema>;

/** The JSON Schema (draft 2020-12) that consumers can use to validate records. */
export function recordJsonSchema(): Record<string, unknown> {
  return {
    $id: 'urn:nianbao:schema:record-v1',
    title: 'nianbao normalized record, version 1',
    ...z.toJSONSchema(recordSchema, { target: 'draft-2020-12' }),
  };
}
