// One JSON Schema 2020-12 validator setup (ajv + formats) for the linter and the contract tests.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object or the plugin itself.
const addFormats = ((addFormatsPlugin as unknown as { default?: unknown }).default ?? addFormatsPlugin) as (ajv: Ajv2020) => Ajv2020;

export function createAjv(options: { strict?: boolean } = {}): Ajv2020 {
  // strictRequired would refuse the anyOf-of-required pattern the vector schema uses for "one of these keys".
  const ajv = new Ajv2020({ allErrors: true, strict: options.strict ?? true, strictRequired: false });
  addFormats(ajv);
  return ajv;
}

export type { Ajv2020 };
