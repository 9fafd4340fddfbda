// K1 (an extra hop on every request), from the added latency at p50 at every compared rate.
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import { notMeasured, type ClaimFinding, type DecidingFigure, type Verdict } from '../../scripts/report/claims.js';
import { formatMicros } from '../../scripts/report/html.js';
import { floorRatio, floorWords } from '../common/floor.js';
import { analyzeLatency, type FixedRateFigure } from './analysis.js';
import { addedAt } from './headlines.js';

export function costK1(run: AnalysedRun): ClaimFinding {
  const rule =
    'supported when the sidecar adds latency at p50 outside the noise (95% interval above zero) at every compared rate; not supported when within noise at every rate; depends otherwise';
  const latency = run.analysisOf(analyzeLatency);
  const sidecar = latency === null ? [] : latency.fixedRates.filter((figure) => figure.mode === 'sidecar');
  const library = latency === null ? [] : latency.fixedRates.filter((figure) => figure.mode === 'library');
  // One agent serving the one app is said beside the sidecar; K1 is the sidecar's, so the verdict does not read it.
  const agent = latency === null ? [] : latency.fixedRates.filter((figure) => figure.mode === 'agent');
  const p50Added = sidecar
    .map((figure) => ({ figure, added: figure.percentiles.find((p) => p.percentile === 50)?.added ?? null }))
    .filter((x) => x.added !== null);
  if (p50Added.length === 0)
    return notMeasured(
      latency === null
        ? 'the latency scenario did not run'
        : 'no valid sidecar step to compare with mode none (sidecar cells skipped or invalid)',
      rule,
    );
  const above = p50Added.filter((x) => !x.added!.withinNoise && x.added!.median > 0).length;
  const noise = p50Added.filter((x) => x.added!.withinNoise).length;
  const besideText = (figures: readonly FixedRateFigure[], what: string) =>
    figures
      .map(
        (figure) =>
          `${figure.lang} ${what} ${formatMicros(figure.percentiles.find((p) => p.percentile === 50)?.added?.median)} at ${figure.ratePerSecond} req/s`,
      )
      .join(', ');
  const libraryText = besideText(library, 'library');
  const agentText = besideText(agent, 'agent (serving the one app)');
  // The native floor (HAProxy doing only the hop) is said beside each figure; the verdict does not read it.
  const floor = (x: (typeof p50Added)[number]) => {
    const native = addedAt(latency!.fixedRates, x.figure, 'native', 50);
    return native === null
      ? ` (${floorWords(null, true)})`
      : `, the native hop ${formatMicros(native.median)}: ${floorWords(floorRatio(x.added, native), false)}`;
  };
  const evidence = `${p50Added.map((x) => `${x.figure.lang} sidecar ${formatMicros(x.added!.median)} added at p50, ${x.figure.ratePerSecond} req/s${x.added!.withinNoise ? ' (within noise)' : ''}${floor(x)}`).join('; ')}${libraryText ? `; ${libraryText}` : ''}${agentText ? `; ${agentText}` : ''}`;
  const verdict: Verdict = above === p50Added.length ? 'supported' : noise === p50Added.length ? 'not supported' : 'depends';
  // The step whose interval reaches lowest decides "at every rate": the weakest that held, or one that did not.
  const weakest = p50Added.reduce((low, x) => (x.added!.low < low.added!.low ? x : low));
  const deciding: DecidingFigure = {
    label: `${weakest.figure.lang} sidecar: p50 added over mode none at ${weakest.figure.ratePerSecond} req/s`,
    unit: 'µs',
    value: weakest.added!.median,
    interval: { low: weakest.added!.low, high: weakest.added!.high },
    comparedWith: { label: 'no added latency (the rule asks for an interval above zero)', value: 0 },
  };
  return { evidence, verdict, rule, deciding };
}

export const latencyClaims: ClaimRule[] = [{ id: 'K1', evaluate: costK1 }];
