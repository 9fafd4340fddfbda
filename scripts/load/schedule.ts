// What a schedule of the open-loop generator is: where each request goes, and where what it got is kept.
import type { Dispatcher } from 'undici';
import type { Answers } from './dispatch.js';

export interface Schedule extends Answers {
  /** The clock started: request 0 is due at `startMicros` (performance.now() µs), `startEpochMillis` on the wall clock. */
  started?(startMicros: number, startEpochMillis: number): void;
  /**
   * Request `index` is due now (its pacing error is `nowMicros() - intendedMicros`): what to send, or undefined when
   * there is nowhere to send it (the schedule then keeps its outcome itself).
   */
  due(index: number, intendedMicros: number): Dispatcher.DispatchOptions | undefined;
}
