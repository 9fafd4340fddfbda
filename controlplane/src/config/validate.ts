// Checks a config document against spec/config.schema.json (draft 2020-12), naming the offending field.
import { Ajv2020 } from 'ajv/dist/2020.js';
import configSchema from '../../../spec/config.schema.json' with { type: 'json' };
import { ControlPlaneError, ajvErrorField, ajvErrorMessage } from '../errors.js';
import type { ConfigDocument } from '../types.js';

const validate = new Ajv2020().compile<ConfigDocument>(configSchema);

/** A lone surrogate (JSON text `"\ud83d"`) is valid JSON but no Unicode string: each language's client took it its own way. */
const LONE_SURROGATE = /\p{Cs}/u;

function assertWellFormedStrings(document: ConfigDocument): void {
  for (const [field, value] of Object.entries(document)) {
    if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
      throw new ControlPlaneError(
        'SCL_ERR_CP_CONFIG_INVALID',
        `${field} holds a lone UTF-16 surrogate; strings must be well-formed Unicode (I-JSON, RFC 7493)`,
        field,
      );
    }
  }
}

/** Throws SCL_ERR_CP_CONFIG_INVALID with `field` set when `document` does not match the schema. */
export function assertConfigDocument(document: unknown): asserts document is ConfigDocument {
  if (validate(document)) {
    assertWellFormedStrings(document);
    return;
  }
  const first = validate.errors?.[0];
  const field = first === undefined ? 'body' : ajvErrorField(first, 'body');
  const problem = first === undefined ? 'is invalid' : ajvErrorMessage(first, field);
  throw new ControlPlaneError('SCL_ERR_CP_CONFIG_INVALID', `${problem}; the document must match spec/config.schema.json`, field);
}
