/**
 * The warnings the normalizer gives, each naming the fact key it is about, so that a reader
 * can tell which numbers to doubt (a wrong value with no signal is a "silent error").
 */
import type { RecordWarning } from '../record/schema.js';

export const WARNING_CODES = {
  /** The cell was read with confidence below LOW_CONFIDENCE (OCR), or OCR look-alike letters were read as digits. */
  OCR_LOW_CONFIDENCE: 'OCR_LOW_CONFIDENCE',
  /** A value cell held text that is not a number: the fact is emitted with value null. */
  UNPARSED_VALUE: 'UNPARSED_VALUE',
  /** The row or column label matched its indicator only approximately. */
  LABEL_UNCERTAIN: 'LABEL_UNCERTAIN',
  /** Two cells were read for one indicator; the first is kept. */
  DUPLICATE_VALUE: 'DUPLICATE_VALUE',
  /** Some indicators of the detected format were not found in the tables. */
  INDICATORS_MISSING: 'INDICATORS_MISSING',
  /** The document has tables but none is a known statistics form. */
  NO_STATISTICS_TABLE: 'NO_STATISTICS_TABLE',
} as const;

/** Facts below this confidence are flagged (record-v1: a consumer must know what to doubt). */
export const LOW_CONFIDENCE = 0.8;

export function factWarning(code: keyof typeof WARNING_CODES, key: string, page: number, message: string): RecordWarning {
  return { code: WARNING_CODES[code], key, page, message };
}
