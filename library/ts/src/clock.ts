// Time as the features see it: a monotonic clock and a cancellable sleep, injectable in tests.
import { setTimeout as delay } from 'node:timers/promises';

export interface Clock {
  /** Monotonic milliseconds (performance.now in production). */
  now(): number;
  /** Resolves after `millis`, or early (without error) when `signal` aborts. */
  sleep(millis: number, signal?: AbortSignal): Promise<void>;
}

// Timers are unref'd: a feature's background wait never keeps a process alive on its own
// (the app's server does).
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (millis, signal) => delay(millis, undefined, { signal, ref: false }).catch(() => undefined),
};
