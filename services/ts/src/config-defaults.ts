// The built-in config (version 0) of each service, from spec/config.defaults.json.
import defaults from '../../../spec/config.defaults.json' with { type: 'json' };
import type { AppliedConfig, ConfigDocument } from './platform/platform.js';
import type { ServiceName } from './start-contract.js';

export function builtInConfig(service: ServiceName): AppliedConfig {
  return { version: 0, config: defaults[service] as ConfigDocument };
}

/**
 * A key a service needs but the document in use left out falls back to the built-in default,
 * since config.schema.json requires only logLevel.
 */
export const FALLBACK = {
  banner: defaults.web.banner,
  pageSizeMax: defaults.customers.pageSizeMax,
  maxAmountCents: defaults.payment.maxAmountCents,
} as const;
