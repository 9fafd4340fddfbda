// Report section: the generator read against targets of known latency, in the same run.
import { CALIBRATION_BOUNDS, judgeCalibration, type CalibrationReading } from '../../load/calibration.js';
import { escapeHtml, formatMicros, table } from '../html.js';
import { validityCell } from './validity.js';

export function renderCalibrationSection(readings: CalibrationReading[] | null): string {
  if (readings === null) return '<p class="muted">not measured: no scenario of this run drove services with the open-loop generator.</p>';
  const rows = readings.map((reading) => [
    escapeHtml(reading.target === 'noop' ? 'no-op target' : `fixed ${reading.delayMicros / 1000} ms target`),
    formatMicros(reading.truth.p50Micros),
    formatMicros(reading.load.latency.p50Micros),
    formatMicros(reading.load.latency.p99Micros),
    formatMicros(reading.overheadP50Micros),
    `${formatMicros(reading.load.pacing.p50Micros)} / ${formatMicros(reading.load.pacing.p99Micros)}`,
    `${reading.load.targetRatePerSecond} req/s`,
    validityCell(reading.validity),
  ]);
  return `
<p>Before measuring services, the open-loop generator measured two targets whose latency is known: one that answers
at once and one that answers after a ${formatMicros(readings.find((r) => r.target === 'fixed-delay')?.delayMicros ?? 2000)} timer. Each target also timed itself
(request in to answer out): that is the truth the generator's reading is compared to. The difference is what every
latency figure of this run carries on top of the service (loopback, HTTP parsing in the generator, its pacing).</p>
${table(['target', 'target-side p50', 'generator p50', 'generator p99', 'overhead at p50', 'pacing error p50 / p99', 'rate', 'validity'], rows)}
${verdictParagraph(readings)}`;
}

/** The bounds calibration is held to, and what failing them does to the run's figures. */
function verdictParagraph(readings: CalibrationReading[]): string {
  const judgement = judgeCalibration(readings)!;
  const bounds = `the centre: overhead at p50 at most ${formatMicros(CALIBRATION_BOUNDS.maxOverheadP50Micros)} on each target, each target's rate held with no failure; the tail: pacing p99 at most ${formatMicros(CALIBRATION_BOUNDS.maxPacingP99Micros)}`;
  if (!judgement.passed)
    return `<p class="note warn">Calibration failed its bounds (${bounds}): ${escapeHtml(judgement.reasons.join('; '))}. The latency figures below are shown for what they are, but no latency headline is quoted and every latency verdict is "not measured".</p>`;
  if (!judgement.tail.passed)
    return `<p class="note warn">Calibration vouches for the centre, not the tail (${bounds}): ${escapeHtml(judgement.tail.reasons.join('; '))}. The p50 figures and the latency verdicts (computed from p50) are reported; no p99 headline is quoted, and the p99 figures below are the generator's lateness as much as the service's.</p>`;
  return `<p class="note">Calibration passed its bounds (${bounds}): the latency figures of this run are reported and the latency verdicts computed.</p>`;
}
