// Validation of a config document against spec/config.schema.json (ajv, draft 2020-12).
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import schema from '../../../../spec/config.schema.json' with { type: 'json' };
import type { ConfigDocument } from '../types.js';

const ajv = new Ajv2020({ allErrors: false, strict: true });
const validate = ajv.compile<ConfigDocument>(schema);

export function isValidConfig(value: unknown): value is ConfigDocument {
  return validate(value);
}

/** Why `value` is not a valid config document, in one line; undefined when it is valid. */
export function configProblem(value: unknown): string | undefined {
  if (validate(value)) return undefined;
  return describe(validate.errors ?? []);
}

function describe(errors: readonly ErrorObject[]): string {
  const first = errors[0];
  if (first === undefined) return 'invalid';
  const where = first.instancePath === '' ? 'the document' : first.instancePath;
  return `${where} ${first.message ?? 'is invalid'}`;
}
