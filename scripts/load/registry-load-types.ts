// The registry-following load's options and raw outcome: fixed-rate requests, round robin over whichever instances
// of a service the registry lists as passing at the moment each request is due.
import type { LoadRequest } from './open-loop-types.js';

export interface RegistryLoadOptions {
  controlplaneUrl: string;
  /** The service called, found through the registry like any peer would. */
  service: string;
  /** What is sent; the origin is the instance's. */
  request: Omit<LoadRequest, 'origin'>;
  ratePerSecond: number;
  timeoutSeconds: number;
  /** Keep-alive connections per instance. */
  connections: number;
}

/** One request per index: parallel arrays keep thousands of them cheap to carry as JSON. */
export interface RegistryLoadResult {
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
