// Options and raw outcome of the rollout load: fixed-rate checkouts to whichever web instances the registry lists.

export interface RolloutLoadOptions {
  controlplaneUrl: string;
  /** The service the clients call, found through the registry like any peer would. */
  service: string;
  ratePerSecond: number;
  timeoutSeconds: number;
  /** Keep-alive connections per instance. */
  connections: number;
}

/** One request: parallel arrays keep thousands of them cheap to carry as JSON. */
export interface RolloutLoadResult {
  /** Epoch milliseconds of the first intended send. */
  startEpochMillis: number;
  ratePerSecond: number;
  /** Intended send time of request i, milliseconds after start. */
  intendedMillis: number[];
  /** From the intended send time to the end of the answer, µs; -1 when it failed before any answer. */
  latencyMicros: number[];
  /** HTTP status, or 0 for a failure without one. */
  status: number[];
  /** Why a request failed: an error code, `no_instance` (the registry listed none), `timeout`; '' for an answer. */
  error: string[];
  /** The instance id the request went to ('' when none). */
  instance: string[];
}

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
