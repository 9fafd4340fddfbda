// The one interface every feature implements, in this library and in the sidecar (spec/features.md).
import spec from '../../../spec/features.json' with { type: 'json' };

export const FEATURE_NAMES = spec.features as readonly FeatureName[];
export type FeatureName = 'metrics' | 'logs' | 'registry' | 'config' | 'egress';

/** A completed inbound request, as every feature sees it. */
export interface Exchange {
  /** OpenAPI path template (`/customers/{id}`), or `other` when no route matched. */
  route: string;
  method: string;
  status: number;
  durationSeconds: number;
  requestId: string;
}

export interface Feature {
  readonly name: FeatureName;
  start(): Promise<void>;
  /** Called once per completed inbound request; must be cheap, it is on the request path. */
  observe?(exchange: Exchange): void;
  stop(): Promise<void>;
}

/** Start order of spec/features.md: registration last, so the instance is ready when listed. */
const START_ORDER: readonly FeatureName[] = ['config', 'metrics', 'logs', 'registry', 'egress'];

export function inStartOrder<T extends Feature>(features: readonly T[]): T[] {
  return [...features].sort((a, b) => START_ORDER.indexOf(a.name) - START_ORDER.indexOf(b.name));
}

/** Parses SCL_FEATURES ("metrics,logs"); unset means all five. */
export function parseFeatureList(value: string | undefined): FeatureName[] {
  if (value === undefined || value.trim() === '') return [...FEATURE_NAMES];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!FEATURE_NAMES.includes(name as FeatureName)) {
      throw new Error(`SCL_FEATURES: unknown feature "${name}"; valid: ${FEATURE_NAMES.join(', ')}`);
    }
  }
  return names as FeatureName[];
}
