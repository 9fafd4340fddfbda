// Options and raw outcome of the rollout load: fixed-rate checkouts to whichever web instances the registry lists.
import type { RegistryLoadResult } from '../../scripts/load/registry-load-types.js';

export interface RolloutLoadOptions {
  controlplaneUrl: string;
  /** The service the clients call, found through the registry like any peer would. */
  service: string;
  ratePerSecond: number;
  timeoutSeconds: number;
  /** Keep-alive connections per instance. */
  connections: number;
}

/** One request per index, in parallel arrays: the engine's registry-following outcome. */
export type RolloutLoadResult = RegistryLoadResult;

/** What the load sends, so the records of one request can be recognised at the collector. */
export const LOAD_EMAIL = 'ada.lovelace@example.com';
export const LOAD_PARENT_SPAN_ID = '00f067aa0ba902b7';

export function loadRequestId(index: number): string {
  return `chk/${index}/${LOAD_EMAIL}`;
}

/** A W3C trace id per request: never all zeros, and the request's index readable in it. */
export function loadTraceId(index: number): string {
  return `5c1${index.toString(16).padStart(29, '0')}`;
}
