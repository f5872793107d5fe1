import { NianbaoError } from '../errors.js';
import compiled from './record-validator.generated.js';
import type { NianbaoRecord } from './schema.js';

/** Ajv's validator function, as its standalone code builds it. */
type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

/**
 * The validator of the published JSON Schema, compiled ahead of time with Ajv (see
 * scripts/record-validator.ts); a test checks that it is what Ajv gives for the schema file,
 * and that file is what the zod schema gives.
 */
const validator = compiled as unknown as Validator;

/**
 * Validates a record against the published JSON Schema (not only the zod schema it is made
 * from), so a consumer's validator and ours agree. Throws INVALID_RECORD listing the problems.
 */
export function validateRecord(record: NianbaoRecord): void {
  if (!validator(record)) {
    const problems = (validator.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    throw new NianbaoError('INVALID_RECORD', `record ${record.id} does not match the schema: ${problems.join('; ')}`);
  }
}
