// C4 (same host means fast, reliable communication), from the per-call costs of the ipc scenario and the latency steps.
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import { notMeasured, type ClaimFinding, type DecidingFigure, type Verdict } from '../../scripts/report/claims.js';
import { formatMicros } from '../../scripts/report/html.js';
import { analyzeLatency } from '../latency/analysis.js';
import { analyzeIpcRun } from './analysis.js';

/**
 * A local call is "fast" beside the work it carries: its median per-call cost stays under this share of what one
 * request to the service costs anyway (mode none's p50 at the compared rate, on the same machine, in the same run).
 */
export const LOCAL_CALL_SHARE_OF_REQUEST = 0.5;

export function claimC4(run: AnalysedRun): ClaimFinding {
  const rule = `supported when HTTP over loopback and over a Unix socket each cost, per call (median), under ${LOCAL_CALL_SHARE_OF_REQUEST * 100}% of what one request to the service costs in mode none (its p50 at the compared rate, the smallest over the languages), and no compared sidecar latency step saw an error or timeout; not supported when a local call costs more; depends when fast but not reliable; not measured without the ipc figures, the latency baseline, or a calibration that vouches for it`;
  const ipc = run.analysisOf(analyzeIpcRun);
  const latency = run.analysisOf(analyzeLatency);
  if (ipc === null) return notMeasured('the ipc scenario did not run', rule);
  const baselines = (latency?.fixedRates ?? [])
    .filter((figure) => figure.mode === 'none')
    .flatMap((figure) => {
      const p50 = figure.percentiles.find((p) => p.percentile === 50)?.latency?.median;
      return p50 === undefined ? [] : [{ figure, p50 }];
    });
  if (baselines.length === 0)
    return notMeasured('no mode none latency to weigh a local call against (the latency scenario did not run or had no valid step)', rule);
  if (run.calibration?.passed !== true) return notMeasured('the latency baseline is not vouched for by calibration', rule);
  const baseline = baselines.reduce((smallest, one) => (one.p50 < smallest.p50 ? one : smallest));
  const local = ipc.figures.filter((figure) => figure.transport === 'http-tcp' || figure.transport === 'http-uds');
  const inProcess = ipc.figures.find((figure) => figure.transport === 'in-process')?.p50Nanos?.median;
  const fast =
    local.length > 0 &&
    local.every((figure) => figure.p50Nanos !== null && figure.p50Nanos.median / 1000 < LOCAL_CALL_SHARE_OF_REQUEST * baseline.p50);
  // Reliability from the compared steps only: the latency-vs-rate curve goes past saturation on purpose.
  const sidecarSteps = latency!.data.steps.filter((step) => step.mode === 'sidecar' && step.kind === 'fixed');
  const failures = sidecarSteps.reduce((sum, step) => sum + step.load.errors + step.load.timeouts, 0);
  const reliabilityText =
    sidecarSteps.length === 0
      ? 'reliability not measured (no compared sidecar latency step)'
      : `${failures} errors or timeouts over ${sidecarSteps.length} compared sidecar load steps`;
  const evidence = `${local.map((figure) => `${figure.transport} p50 ${formatMicros((figure.p50Nanos?.median ?? Number.NaN) / 1000)}`).join(', ')}${inProcess !== undefined ? ` vs in-process ${inProcess.toFixed(0)} ns` : ''}, against a request to ${baseline.figure.lang} in mode none at ${baseline.figure.ratePerSecond} req/s: ${formatMicros(baseline.p50)} at p50; ${reliabilityText}`;
  // "Fast" holds or fails on the slowest local channel against the share of a request it may cost.
  const slowest = local.reduce<(typeof local)[number] | null>(
    (worst, figure) =>
      worst === null || (figure.p50Nanos?.median ?? Number.POSITIVE_INFINITY) > (worst.p50Nanos?.median ?? Number.POSITIVE_INFINITY)
        ? figure
        : worst,
    null,
  );
  const budget = {
    label: `${LOCAL_CALL_SHARE_OF_REQUEST * 100}% of a request to ${baseline.figure.lang} in mode none at ${baseline.figure.ratePerSecond} req/s (p50)`,
    value: LOCAL_CALL_SHARE_OF_REQUEST * baseline.p50,
  };
  const speed: DecidingFigure | undefined =
    slowest?.p50Nanos == null
      ? undefined
      : {
          label: `${slowest.transport}: one local call, p50`,
          unit: 'µs',
          value: slowest.p50Nanos.median / 1000,
          interval: { low: slowest.p50Nanos.low / 1000, high: slowest.p50Nanos.high / 1000 },
          comparedWith: budget,
        };
  if (!fast) return { evidence, verdict: 'not supported', rule, ...(speed === undefined ? {} : { deciding: speed }) };
  if (sidecarSteps.length === 0) return notMeasured(evidence, rule);
  const verdict: Verdict = failures > 0 ? 'depends' : 'supported';
  // Fast either way: what is left to decide is whether any compared step failed a request.
  const deciding: DecidingFigure =
    failures > 0
      ? {
          label: `errors and timeouts over ${sidecarSteps.length} compared sidecar load steps`,
          unit: 'count',
          value: failures,
          comparedWith: { label: 'none allowed', value: 0 },
        }
      : speed!;
  return { evidence, verdict, rule, deciding };
}

export const ipcClaims: ClaimRule[] = [{ id: 'C4', evaluate: claimC4 }];
