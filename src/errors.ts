/**
 * The error taxonomy. Stage code throws `NianbaoError` with a code from this list; only the
 * worker wrapper turns a permanent one into BullMQ's UnrecoverableError. Every code that can
 * end up in a record comes with a message saying what the user can do.
 */

export const ERROR_CODES = {
  EMPTY: { retryable: false, hint: 'The file is empty. Upload the complete report again.' },
  CORRUPT: {
    retryable: false,
    hint: 'The file is damaged and could not be read. Download or export the report again and re-upload it.',
  },
  ENCRYPTED: {
    retryable: false,
    hint: 'The PDF is protected by a password. Upload a copy without the password.',
  },
  TOO_LARGE: {
    retryable: false,
    hint: 'The file, one of its pages or images, or one of its compressed streams is larger than the configured limits (MAX_FILE_BYTES; 100 megapixels per image; 64 MiB per stream). Split or re-export the document, or raise the limit.',
  },
  TOO_MANY_PAGES: {
    retryable: false,
    hint: 'The document has more pages than the configured limit (MAX_PAGES). Split it or raise the limit.',
  },
  UNSUPPORTED_TYPE: {
    retryable: false,
    hint: 'Only PDF files, page images (PNG, JPEG, TIFF) and saved web pages (.html) are read. Convert the file to PDF and upload it again.',
  },
  NO_TEXT: {
    retryable: false,
    hint: 'The document has pages without a text layer and OCR could not run on them. Check that the OCR language data (@tesseract.js-data/chi_sim) is installed.',
  },
  NOT_A_REPORT: {
    retryable: false,
    hint: 'The document does not look like a 政府信息公开工作年度报告. Check that the right file was uploaded.',
  },
  INVALID_RECORD: {
    retryable: false,
    hint: 'The record built from this document did not match the record schema. This is a bug: report it with the file.',
  },
  STORE_UNAVAILABLE: {
    retryable: true,
    hint: 'The artifact store could not be reached. The job is retried automatically.',
  },
  TIMEOUT: { retryable: true, hint: 'A stage took too long. The job is retried automatically.' },
  INTERNAL: { retryable: true, hint: 'An unexpected error occurred. The job is retried automatically.' },
} as const satisfies Record<string, { retryable: boolean; hint: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class NianbaoError extends Error {
  override readonly name = 'NianbaoError';
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code].hint, options);
    this.code = code;
    this.retryable = ERROR_CODES[code].retryable;
  }
}

/** Any thrown value as a NianbaoError: unknown errors are INTERNAL (and so retryable). */
export function toNianbaoError(err: unknown): NianbaoError {
  if (err instanceof NianbaoError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new NianbaoError('INTERNAL', message, { cause: err });
}

/** The message that goes into a failed record: what happened, then what to do. */
export function userMessage(err: NianbaoError): string {
  const hint = ERROR_CODES[err.code].hint;
  return err.message === hint ? hint : `${err.message}. ${hint}`;
}
