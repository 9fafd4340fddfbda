// Request schemas copied from spec/controlplane.openapi.yaml components (a test keeps them equal to the spec).

export const registrationSchema = {
  type: 'object',
  required: ['service', 'id', 'address', 'port', 'ttlSeconds'],
  properties: {
    service: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
    id: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$' },
    address: { type: 'string', minLength: 1, maxLength: 255 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    ttlSeconds: { type: 'number', minimum: 0.1, maximum: 3600 },
    meta: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
} as const;

export const faultsSchema = {
  type: 'object',
  properties: {
    logs: {
      type: 'object',
      required: ['mode'],
      properties: {
        mode: { enum: ['ok', 'status', 'delay', 'reset'] },
        status: { type: 'integer', minimum: 400, maximum: 599 },
        delaySeconds: { type: 'number', minimum: 0, maximum: 60 },
      },
    },
    config: {
      type: 'object',
      additionalProperties: { enum: ['ok', 'invalid_json', 'empty', 'schema_invalid'] },
    },
  },
  additionalProperties: false,
} as const;

/** Body of POST /v1/logs as the spec states it; the records inside are checked while flattening. */
export const exportLogsSchema = {
  type: 'object',
  required: ['resourceLogs'],
  properties: { resourceLogs: { type: 'array' } },
} as const;

/** Service names a config may be stored under: the same rule as Registration.service. */
export const serviceNamePattern = registrationSchema.properties.service.pattern;
