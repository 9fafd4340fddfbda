// What the generator's live windows cost on its own event loop, away from the noise of a shared machine: one request's
// calls (due, answered) with and without the windows wrapped round its schedule, and one window's report.
// node dist/scripts/live/window-cost-main.js
import { Bench } from 'tinybench';
import type { Dispatcher } from 'undici';
import { LiveWindows } from '../load/live-windows.js';
import type { Schedule } from '../load/schedule.js';
import { newMicrosHistogram, recordMicros } from '../stats/histogram.js';

const REQUEST = { origin: 'http://127.0.0.1:1', method: 'GET', path: '/' } as Dispatcher.DispatchOptions;

/** As the fixed-rate schedule does per request: a pacing and a latency reading into histograms. */
function measuredSchedule(): Schedule {
  const latency = newMicrosHistogram();
  const pacing = newMicrosHistogram();
  return {
    due: () => {
      recordMicros(pacing, 12);
      return REQUEST;
    },
    answered: (_index, intended, _status, end) => recordMicros(latency, end - intended),
    failed: () => undefined,
  };
}

const bare = measuredSchedule();
let reports = 0;
const wrapped = new LiveWindows(measuredSchedule(), 3600, () => {
  reports++;
});
wrapped.started(0, Date.now());
// A window as full as one at 1000/s for 0.5 s: the report's cost is one percentile of this, and one line written.
const reporting = new LiveWindows(measuredSchedule(), 3600, () => {
  reports++;
});
reporting.started(0, Date.now());

let index = 0;
const bench = new Bench({ time: 500, warmupTime: 200, throws: true });
bench
  .add('one request, windows off', () => {
    bare.due(index, index);
    bare.answered(index, index, 200, index + 900 + (index % 700));
    index++;
  })
  .add('one request, windows on', () => {
    wrapped.due(index, index);
    wrapped.answered(index, index, 200, index + 900 + (index % 700));
    index++;
  })
  .add('500 answers, windows on', () => {
    for (let answer = 0; answer < 500; answer++) reporting.answered(answer, 0, 200, 900 + answer);
  })
  .add('500 answers and their window report', () => {
    for (let answer = 0; answer < 500; answer++) reporting.answered(answer, 0, 200, 900 + answer);
    (reporting as unknown as { flush(): void }).flush();
  });
await bench.run();
wrapped.stop();
reporting.stop();
for (const task of bench.tasks) {
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`${task.name} ended ${result.state}`);
  // The median first: on a shared machine preemption inflates the mean and the tail, not the cost of the code.
  process.stdout.write(
    `${task.name.padEnd(36)} p50 ${(result.latency.p50 * 1e6).toFixed(0).padStart(8)} ns  mean ${(result.latency.mean * 1e6).toFixed(0).padStart(8)} ns  p99 ${(result.latency.p99 * 1e6).toFixed(0).padStart(8)} ns  (${result.latency.samplesCount} samples, rme ${result.latency.rme.toFixed(1)}%)\n`,
  );
}
process.stderr.write(`${reports} window reports made\n`);
