// Measures what --live costs the generator: calibration read with its live windows off and on (the live server
// streaming them to a reader), alternated, at the full tier's calibration settings.
// node dist/scripts/live/overhead-main.js [repetitions, default 3]
import { get } from 'node:http';
import { RunEvents } from '../engine/events.js';
import { LIVE_WINDOW_SECONDS } from '../engine/load-windows.js';
import { planPinning, pinProcess } from '../env/pinning.js';
import { calibrate, type CalibrationReading } from '../load/calibration.js';
import { TIERS } from '../bench/tiers.js';
import { startLiveServer } from './server.js';

const repetitions = Number(process.argv[2] ?? 3);
const pinning = await planPinning(true);
if (pinning.applied) await pinProcess(process.pid, pinning.systemCpus);
const { calibration } = TIERS.full;
const rows: { arm: 'off' | 'on'; repetition: number; reading: CalibrationReading; windows: number }[] = [];

async function readOnce(arm: 'off' | 'on', repetition: number): Promise<void> {
  const events = new RunEvents();
  let windows = 0;
  const live = arm === 'on' ? await startLiveServer({ port: 0, runId: 'overhead', events }) : undefined;
  // A watcher, as a browser would be: the stream is read for real.
  if (live !== undefined) get(new URL('events', live.url), (response) => response.resume());
  try {
    const readings = await calibrate({
      ratePerSecond: calibration.ratePerSecond,
      durationSeconds: calibration.windowSeconds,
      warmupSeconds: calibration.warmupSeconds,
      smoke: false,
      ...(pinning.generatorCpus !== undefined ? { generatorCpus: pinning.generatorCpus } : {}),
      ...(pinning.systemCpus !== undefined ? { systemCpus: pinning.systemCpus } : {}),
      ...(arm === 'on'
        ? {
            liveWindows: {
              everySeconds: LIVE_WINDOW_SECONDS,
              onWindow: (target, window) => {
                windows++;
                events.emit({ type: 'load-window', scenario: 'calibration', label: target, window });
              },
            },
          }
        : {}),
    });
    for (const reading of readings) rows.push({ arm, repetition, reading, windows });
  } finally {
    await live?.close();
  }
}

process.stderr.write(
  `${pinning.note}; ${repetitions} repetitions of calibration at ${calibration.ratePerSecond}/s, ${calibration.warmupSeconds} s warm-up, ${calibration.windowSeconds} s window, off and on alternated\n`,
);
for (let repetition = 0; repetition < repetitions; repetition++) {
  // Which arm goes first alternates too, so a drift of the machine does not favour one.
  for (const arm of repetition % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) await readOnce(arm, repetition);
}
process.stdout.write('arm  rep  target       overhead_p50_us  pacing_p99_us  pacing_p99.9_us  pacing_max_us  latency_p99_us  windows\n');
for (const { arm, repetition, reading, windows } of rows) {
  const { pacing, latency } = reading.load;
  process.stdout.write(
    `${arm.padEnd(4)} ${String(repetition).padEnd(4)} ${reading.target.padEnd(12)} ${String(reading.overheadP50Micros).padStart(15)} ${String(pacing.p99Micros).padStart(14)} ${String(pacing.p99_9Micros).padStart(16)} ${String(pacing.maxMicros).padStart(14)} ${String(latency.p99Micros).padStart(15)} ${String(windows).padStart(8)}\n`,
  );
}
