// Options and result of one closed-loop (autocannon) step.

export interface ClosedLoopOptions {
  url: string;
  socketPath?: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** The step's length; with `maxRequests`, its upper bound. */
  durationSeconds: number;
  /** Stop after this many requests or at durationSeconds, whichever comes first (a warm-up counted in requests, as a JIT counts). */
  maxRequests?: number;
  timeoutSeconds: number;
}

export interface ClosedLoopResult {
  connections: number;
  durationSeconds: number;
  /** Answered requests (any status) per second, over the whole step. */
  requestsPerSecond: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** autocannon's own latency, whole milliseconds: a throughput tool's view, not the latency instrument. */
  latencyMillis: { p50: number; p99: number; max: number };
}
