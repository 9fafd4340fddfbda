// The open-loop generator: one pacing loop, one dispatcher, one drain; a schedule says where each request goes and
// keeps what it got (fixed-rate.ts, timeline-schedule.ts, registry-schedule.ts).
import { LoadDispatcher, type ConnectionOptions } from './dispatch.js';
import { LiveWindows, type LoadWindowReport } from './live-windows.js';
import { nowMicros, pace, type PacingIdle } from './pacing.js';
import type { Schedule } from './schedule.js';

export type { Schedule } from './schedule.js';

/** Request 0 is due this long after the generator is set up, so the first due time is not already late. */
const START_LEAD_MILLIS = 5;

export interface GeneratorPlan extends ConnectionOptions {
  ratePerSecond: number;
  /** Requests to send; Infinity sends until `stop`. */
  count: number;
  idle: PacingIdle;
  stop?: AbortSignal;
  /** Reports a window of answers this often while the load runs (the live view); none when undefined. */
  liveWindows?: { everySeconds: number; report: (window: LoadWindowReport) => void };
}

/** Runs the schedule in this process (a pinned child of its own: load-child.ts); resolves once every answer is in or timed out. */
export async function generate(plan: GeneratorPlan, measured: Schedule): Promise<{ sent: number }> {
  const windows =
    plan.liveWindows === undefined ? undefined : new LiveWindows(measured, plan.liveWindows.everySeconds, plan.liveWindows.report);
  const schedule = windows ?? measured;
  const dispatcher = new LoadDispatcher(plan, schedule);
  const startMicros = nowMicros() + START_LEAD_MILLIS * 1000;
  schedule.started?.(startMicros, Date.now() + START_LEAD_MILLIS);
  const sent = await pace(
    {
      startMicros,
      ratePerSecond: plan.ratePerSecond,
      count: plan.count,
      idle: plan.idle,
      ...(plan.stop !== undefined ? { stop: plan.stop } : {}),
    },
    (index, intendedMicros) => {
      const request = schedule.due(index, intendedMicros);
      if (request !== undefined) dispatcher.send(index, intendedMicros, request);
    },
  );
  await dispatcher.drain();
  windows?.stop();
  return { sent };
}

/** The plan's live windows when the options ask for them and the program can report them. */
export function liveWindowsOf(
  options: { liveWindowSeconds?: number },
  report: ((window: LoadWindowReport) => void) | undefined,
): Pick<GeneratorPlan, 'liveWindows'> {
  return options.liveWindowSeconds === undefined || report === undefined
    ? {}
    : { liveWindows: { everySeconds: options.liveWindowSeconds, report } };
}
