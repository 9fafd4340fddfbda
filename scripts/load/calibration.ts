// Calibrates a run: the generator against a no-op target and a fixed-delay target, measured in the same run.
import { compiledScript } from '../paths.js';
import { summarizeEncoded, type HistogramSummaryMicros } from '../stats/histogram.js';
import type { LoadWindowReport } from './live-windows.js';
import { runOpenLoop, type OpenLoopResult } from './open-loop.js';
import { startServerChild } from './server-child.js';
import { TRUTH_PATH } from './calibration-target.js';
import { checkOpenLoopStep, type Validity } from './validity.js';

/** The fixed-delay target answers after this long; the generator should read about this much at p50. */
export const FIXED_DELAY_MICROS = 2000;

export interface CalibrationReading {
  target: 'noop' | 'fixed-delay';
  delayMicros: number;
  /** What the target measured itself, from request to answer. */
  truth: HistogramSummaryMicros;
  load: OpenLoopResult;
  validity: Validity;
  /** Generator p50 minus target-side p50: loopback, parsing and pacing, what every reading carries. */
  overheadP50Micros: number | null;
}

/**
 * What calibration vouches for, and its bounds. The centre: against targets of known latency the generator must read
 * each target's own p50 within `maxOverheadP50Micros`, holding each target's rate with no failure; outside that no
 * latency of the run is trusted (latency verdicts and headlines are "not measured"). The tail: the generator may be
 * late by at most `maxPacingP99Micros` at p99 of its pacing; outside that, tail figures (p99 and beyond) are not quoted,
 * while the centre, which the pacing's p99 does not move, still is.
 */
export const CALIBRATION_BOUNDS = { maxOverheadP50Micros: 250, maxPacingP99Micros: 1000 } as const;
/** Percentiles at and beyond this are the tail: the generator's late p99 vouches for none of them. */
export const TAIL_PERCENTILE = 99;

export interface CalibrationJudgement {
  /** The centre (p50 and what is computed from it) is vouched for. */
  passed: boolean;
  /** Why the centre is not vouched for, in words; empty when it is. */
  reasons: string[];
  /** The tail (p99 and beyond): vouched for only when the centre is too. */
  tail: { passed: boolean; reasons: string[] };
}

/** Null when the run did not calibrate (no scenario needed it). */
export function judgeCalibration(readings: readonly CalibrationReading[] | null): CalibrationJudgement | null {
  if (readings === null) return null;
  const name = (reading: CalibrationReading) => (reading.target === 'noop' ? 'no-op target' : `${reading.delayMicros / 1000} ms target`);
  const reasons = readings.flatMap((reading) => {
    const overhead = reading.overheadP50Micros;
    return [
      ...reading.validity.reasons.map((reason) => `${name(reading)}: ${reason}`),
      ...(overhead === null || overhead > CALIBRATION_BOUNDS.maxOverheadP50Micros
        ? [
            `${name(reading)}: read ${overhead === null ? 'no' : `${overhead} µs of`} overhead at p50 (bound ${CALIBRATION_BOUNDS.maxOverheadP50Micros} µs)`,
          ]
        : []),
    ];
  });
  const tailReasons = readings.flatMap((reading) => {
    const pacing = reading.load.pacing.p99Micros;
    return pacing === null || pacing > CALIBRATION_BOUNDS.maxPacingP99Micros
      ? [
          `${name(reading)}: pacing p99 ${pacing === null ? 'not measured' : `${pacing} µs`} (bound ${CALIBRATION_BOUNDS.maxPacingP99Micros} µs)`,
        ]
      : [];
  });
  const passed = readings.length > 0 && reasons.length === 0;
  return {
    passed,
    reasons: readings.length === 0 ? ['no calibration reading'] : reasons,
    tail: { passed: passed && tailReasons.length === 0, reasons: passed ? tailReasons : ['the centre is not vouched for', ...tailReasons] },
  };
}

export interface CalibrationSettings {
  ratePerSecond: number;
  durationSeconds: number;
  warmupSeconds: number;
  generatorCpus?: string;
  systemCpus?: string;
  smoke: boolean;
  /** With --live: the generator reports windows as it reads each target, as it does for every step then. */
  liveWindows?: { everySeconds: number; onWindow: (target: CalibrationReading['target'], window: LoadWindowReport) => void };
}

export async function calibrate(settings: CalibrationSettings): Promise<CalibrationReading[]> {
  const readings: CalibrationReading[] = [];
  for (const [target, delayMicros] of [
    ['noop', 0],
    ['fixed-delay', FIXED_DELAY_MICROS],
  ] as const) {
    const server = await startServerChild(
      compiledScript('scripts/load/calibration-target-main'),
      ['--delay-micros', String(delayMicros)],
      settings.systemCpus !== undefined ? { cpus: settings.systemCpus } : {},
    );
    try {
      const origin = `http://127.0.0.1:${server.port}`;
      const load = await runOpenLoop(
        {
          origin,
          method: 'GET',
          path: '/',
          ratePerSecond: settings.ratePerSecond,
          durationSeconds: settings.durationSeconds,
          warmupSeconds: settings.warmupSeconds,
          connections: 8,
          timeoutSeconds: 2,
          ...(settings.liveWindows !== undefined ? { liveWindowSeconds: settings.liveWindows.everySeconds } : {}),
        },
        settings.generatorCpus,
        undefined,
        settings.liveWindows === undefined ? undefined : (window) => settings.liveWindows?.onWindow(target, window),
      );
      // The target's truth covers warm-up and window alike; it is reset by this read.
      const truth = (await (await fetch(`${origin}${TRUTH_PATH}`)).json()) as HistogramSummaryMicros;
      const measured = summarizeEncoded(load.latencyHistogram);
      readings.push({
        target,
        delayMicros,
        truth,
        load,
        validity: checkOpenLoopStep(load, settings.smoke),
        overheadP50Micros: measured.p50Micros !== null && truth.p50Micros !== null ? measured.p50Micros - truth.p50Micros : null,
      });
    } finally {
      await server.stop();
    }
  }
  return readings;
}
