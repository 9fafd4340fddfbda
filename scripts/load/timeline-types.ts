// The timeline load's options and result: open-loop load whose answers are kept per time bucket, for fault experiments.
import type { LoadRequest } from './open-loop-types.js';

export interface TimelineLoadOptions extends LoadRequest {
  ratePerSecond: number;
  /** The whole timeline: before, during and after a fault; nothing is excluded as warm-up. */
  durationSeconds: number;
  /** Answers are grouped by the intended send time of their request into buckets of this length. */
  bucketSeconds: number;
  connections: number;
  /** A request not answered within this is a timeout. */
  timeoutSeconds: number;
  /** Report a window of answers this often while the load runs (the live view); none when undefined. */
  liveWindowSeconds?: number;
}

/** What the requests intended in one bucket got. */
export interface TimelineBucket {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Latency of the 2xx answers from their intended send time, µs, HdrHistogram compressed base64. */
  latencyHistogram: string;
  /** Non-2xx answers by status code, e.g. `{"503": 4}`. */
  statuses: Record<string, number>;
  /** Errors by their code, e.g. `{"ECONNREFUSED": 12}`. */
  errorCodes: Record<string, number>;
}

export interface TimelineLoadResult {
  ratePerSecond: number;
  durationSeconds: number;
  bucketSeconds: number;
  /** Wall clock (Date.now()) of the first intended send time: how the harness places its fault events on the timeline. */
  startEpochMillis: number;
  buckets: TimelineBucket[];
  /** The generator's own lateness against the intended times, µs: above a few ms the timeline blurs. */
  pacingP99Micros: number | null;
}
