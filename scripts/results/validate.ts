// Checks a results file against spec/results.schema.json; the list of problems is empty when it matches.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from '../../spec/results.schema.json' with { type: 'json' };

let validator: ReturnType<Ajv2020['compile']> | undefined;

export function validateResults(results: unknown): string[] {
  if (validator === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
    validator = ajv.compile(schema);
  }
  if (validator(results)) return [];
  return (validator.errors ?? []).slice(0, 20).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}
