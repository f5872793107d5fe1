import { Ajv2020 } from 'ajv/dist/2020.js';
import { NianbaoError } from '../errors.js';
import { recordJsonSchema, type NianbaoRecord } from './schema.js';

let validator: ReturnType<Ajv2020['compile']> | undefined;

/**
 * Validates a record against the published JSON Schema (not only the zod schema it is made
 * from), so a consumer's validator and ours agree. Throws INVALID_RECORD listing the problems.
 */
export function validateRecord(record: NianbaoRecord): void {
  validator ??= new Ajv2020({ allErrors: true, strict: false }).compile(recordJsonSchema());
  if (!validator(record)) {
    const problems = (validator.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    throw new NianbaoError('INVALID_RECORD', `record ${record.id} does not match the schema: ${problems.join('; ')}`);
  }
}
