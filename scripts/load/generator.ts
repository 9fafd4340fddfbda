// The open-loop generator: one pacing loop, one dispatcher, one drain; a schedule says where each request goes and
// keeps what it got (fixed-rate.ts, timeline-schedule.ts, registry-schedule.ts).
import type { Dispatcher } from 'undici';
import { LoadDispatcher, type Answers, type ConnectionOptions } from './dispatch.js';
import { nowMicros, pace, type PacingIdle } from './pacing.js';

/** Request 0 is due this long after the generator is set up, so the first due time is not already late. */
const START_LEAD_MILLIS = 5;

export interface Schedule extends Answers {
  /** The clock started: request 0 is due at `startMicros` (performance.now() µs), `startEpochMillis` on the wall clock. */
  started?(startMicros: number, startEpochMillis: number): void;
  /**
   * Request `index` is due now (its pacing error is `nowMicros() - intendedMicros`): what to send, or undefined when
   * there is nowhere to send it (the schedule then keeps its outcome itself).
   */
  due(index: number, intendedMicros: number): Dispatcher.DispatchOptions | undefined;
}

export interface GeneratorPlan extends ConnectionOptions {
  ratePerSecond: number;
  /** Requests to send; Infinity sends until `stop`. */
  count: number;
  idle: PacingIdle;
  stop?: AbortSignal;
}

/** Runs the schedule in this process (a pinned child of its own: load-child.ts); resolves once every answer is in or timed out. */
export async function generate(plan: GeneratorPlan, schedule: Schedule): Promise<{ sent: number }> {
  const dispatcher = new LoadDispatcher(plan, schedule);
  const startMicros = nowMicros() + START_LEAD_MILLIS * 1000;
  schedule.started?.(startMicros, Date.now() + START_LEAD_MILLIS);
  const sent = await pace({ startMicros, ratePerSecond: plan.ratePerSecond, count: plan.count, idle: plan.idle, ...(plan.stop !== undefined ? { stop: plan.stop } : {}) }, (index, intendedMicros) => {
    const request = schedule.due(index, intendedMicros);
    if (request !== undefined) dispatcher.send(index, intendedMicros, request);
  });
  await dispatcher.drain();
  return { sent };
}
