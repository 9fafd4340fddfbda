// Route schema validators: bodies are checked as sent (no coercion), query strings are coerced from text.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';

export function installValidators(app: FastifyInstance): void {
  // Bodies: "port":"80" is a wrong type, and unknown fields are refused rather than stripped.
  const bodies = new Ajv2020({ coerceTypes: false, removeAdditional: false, useDefaults: false });
  const queries = new Ajv2020({ coerceTypes: true, removeAdditional: false, useDefaults: true });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodies : queries).compile(schema));
}
