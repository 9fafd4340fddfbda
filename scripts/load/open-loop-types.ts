// The open-loop generator's options and result, shared by the child program and its caller.
import type { HistogramSummaryMicros } from '../stats/histogram.js';

/** One request, sent again and again: what every load generator here is given. */
export interface LoadRequest {
  /** Origin of the target, e.g. `http://127.0.0.1:7101`. */
  origin: string;
  method: string;
  /** Path with query, starting with `/`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface OpenLoopOptions extends LoadRequest {
  /** Connect over this Unix socket instead of TCP (the origin still names the Host). */
  socketPath?: string;
  ratePerSecond: number;
  /** Length of the measured window, after the warm-up. */
  durationSeconds: number;
  /** Sent at the same rate before the window and not recorded: the JIT and connections settle. */
  warmupSeconds: number;
  /** Keep-alive connections of the pool; a request waits for a free one, and that wait counts. */
  connections: number;
  /** A request not answered within this is a timeout. */
  timeoutSeconds: number;
  /** Report a window of answers this often while the load runs (the live view); none when undefined. */
  liveWindowSeconds?: number;
}

export interface OpenLoopResult {
  targetRatePerSecond: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Requests whose intended send time fell in the window. */
  sent: number;
  /** Answered with 2xx. */
  ok: number;
  non2xx: number;
  /** Connection and protocol errors. */
  errors: number;
  /** Not answered within timeoutSeconds, including those still pending when the run ended. */
  timeouts: number;
  /**
   * 2xx answers that arrived during the window, per second: the throughput the target delivered. Past saturation
   * it falls short of the target rate (a queue builds), which is what makes such a step invalid.
   */
  achievedRatePerSecond: number;
  /** Latency from the intended send time to the end of the response (coordinated omission handled), µs, 2xx only. */
  latencyHistogram: string;
  latency: HistogramSummaryMicros;
  /** How late each request left against its intended time, µs: the generator's own error. */
  pacingHistogram: string;
  pacing: HistogramSummaryMicros;
}
