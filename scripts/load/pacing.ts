// The one pacing loop of the open-loop load: request i is due at t0 + i/rate, whatever the answers do.

export function nowMicros(): number {
  return performance.now() * 1000;
}

/**
 * How the loop waits for the next due time. `spin`: a setImmediate loop, not timers: timers have millisecond
 * granularity, the spin holds pacing error to tens of µs at the price of a core (latency measurements).
 * `timers`: a setTimeout to the next due time, which leaves the core to the processes under test when figures are
 * milliseconds to seconds (fault timelines, rollouts).
 */
export type PacingIdle = 'spin' | 'timers';

export interface PacingPlan {
  /** performance.now() in µs of request 0. */
  startMicros: number;
  ratePerSecond: number;
  /** Requests to send; Infinity sends until `stop`. */
  count: number;
  idle: PacingIdle;
  /** Ends the schedule early, at the last request already sent. */
  stop?: AbortSignal;
}

/**
 * Calls `fire(i, intended)` for each request as it falls due; resolves with how many were fired.
 * Overdue requests are all sent at once with their original intended times, so a stall is measured, not hidden.
 */
export function pace(plan: PacingPlan, fire: (index: number, intendedMicros: number) => void): Promise<number> {
  const intervalMicros = 1e6 / plan.ratePerSecond;
  const dueMicros = (index: number): number => plan.startMicros + index * intervalMicros;
  return new Promise((resolve) => {
    let index = 0;
    const wait = (): void => {
      if (plan.idle === 'spin') setImmediate(tick);
      else setTimeout(tick, Math.max(0, (dueMicros(index) - nowMicros()) / 1000));
    };
    const tick = (): void => {
      const now = nowMicros();
      while (index < plan.count && dueMicros(index) <= now) {
        fire(index, dueMicros(index));
        index++;
      }
      if (index >= plan.count || plan.stop?.aborted === true) resolve(index);
      else wait();
    };
    wait();
  });
}
