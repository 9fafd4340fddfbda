// K3 (lifecycle coupling: start and stop ordering) from the lifecycle scenario, or from startup times alone without it.
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import { notMeasured, type ClaimFinding, type DecidingFigure, type Verdict } from '../../scripts/report/claims.js';
import { formatNumber } from '../../scripts/report/html.js';
import { median, MIN_REPETITIONS_FOR_A_DIFFERENCE } from '../../scripts/stats/summary.js';
import { analyzeResourcesRun } from '../resources/analysis.js';
import { analyzeLifecycleRun } from '../common/fault-analysis.js';

// === thresholds ===

/** Later listing of sidecar mode than of library mode that counts as lifecycle coupling one can feel. */
export const LISTING_COUPLING_SECONDS = 0.1;
/** Startup added over mode none that counts as lifecycle coupling one can feel. */
export const STARTUP_COUPLING_SECONDS = 0.1;

/** K3 from the lifecycle scenario; null when it did not run, so the caller can fall back on startup times. */
export function costK3FromLifecycle(run: AnalysedRun): ClaimFinding | null {
  const lifecycle = run.analysisOf(analyzeLifecycleRun);
  if (lifecycle === null) return null;
  const rule = `a language is coupled when its sidecar mode fails more requests while it is listed than library mode (in any stop order), or is listed more than ${LISTING_COUPLING_SECONDS} s later after its spawn (median of its runs): supported when every language is, not supported when none is, depends otherwise`;
  const figures = lifecycle.figures;
  const langs = [...new Set(figures.filter((figure) => figure.mode === 'sidecar').map((figure) => figure.lang))].filter((lang) =>
    figures.some((figure) => figure.lang === lang && figure.mode === 'library'),
  );
  if (langs.length === 0)
    return { evidence: 'the lifecycle scenario has no language with both a sidecar and a library run', verdict: 'not measured', rule };
  const failedListed = (figure: (typeof figures)[number]) => figure.failedWhileStarting + figure.failedWhileStopping;
  const coupledLangs: string[] = [];
  const listings: { lang: string; laterBy: number; byFailures: boolean }[] = [];
  const parts = langs.map((lang) => {
    const of = (mode: string) => figures.filter((figure) => figure.lang === lang && figure.mode === mode);
    const library = of('library');
    const sidecar = of('sidecar');
    const none = of('none');
    // The median sidecar run against the library's: one slow start in one order is not the mode's.
    const listed = (runs: typeof figures) => median(runs.map((figure) => figure.secondsToServing ?? Number.POSITIVE_INFINITY));
    const laterBy = listed(sidecar) - listed(library);
    const byFailures = Math.max(...sidecar.map(failedListed)) > Math.max(...library.map(failedListed));
    if (laterBy > LISTING_COUPLING_SECONDS || byFailures) coupledLangs.push(lang);
    listings.push({ lang, laterBy, byFailures });
    return `${lang}: listed ${formatNumber(listed(sidecar), 2, 's')} after spawn in sidecar mode, ${formatNumber(listed(library), 2, 's')} with the library${none.length > 0 ? ` (mode none ready ${formatNumber(listed(none), 2, 's')})` : ''}; failed while listed: library ${library.map(failedListed).join('/')}, sidecar ${sidecar.map((figure) => `${figure.stopOrder} ${failedListed(figure)}`).join(', ')}`;
  });
  const verdict: Verdict = coupledLangs.length === langs.length ? 'supported' : coupledLangs.length === 0 ? 'not supported' : 'depends';
  // The listing delay decides alone only where no language was coupled by failed requests: else no one figure did.
  const binding = listings.reduce((pick, one) =>
    (verdict === 'not supported' ? one.laterBy > pick.laterBy : one.laterBy < pick.laterBy) ? one : pick,
  );
  const deciding: DecidingFigure | null =
    listings.some((one) => one.byFailures) || !Number.isFinite(binding.laterBy)
      ? null
      : {
          label: `${binding.lang}: listed later after spawn in sidecar mode than with the library (median of its runs)`,
          unit: 's',
          value: binding.laterBy,
          comparedWith: { label: "coupling one can feel (the rule's threshold)", value: LISTING_COUPLING_SECONDS },
        };
  return { evidence: parts.join('; '), verdict, rule, ...(deciding === null ? {} : { deciding }) };
}

export function costK3(run: AnalysedRun): ClaimFinding {
  const fromLifecycle = costK3FromLifecycle(run);
  if (fromLifecycle !== null) return fromLifecycle;
  const rule = `supported when, in every language, sidecar mode takes longer than mode none to be ready by more than ${STARTUP_COUPLING_SECONDS} s, outside the noise; not supported when in none; depends otherwise. Requests failed while starting and stopping are not measured yet`;
  const resources = run.analysisOf(analyzeResourcesRun);
  const figures =
    resources === null ? [] : resources.modes.filter((figure) => figure.mode === 'sidecar' && figure.startupAddedSeconds !== null);
  if (figures.length === 0) return notMeasured('no sidecar startup figures in this run', rule);
  // A start measured once or twice a side is no interval: within noise says nothing either way.
  if (figures.every((figure) => figure.startupAddedSeconds!.n < MIN_REPETITIONS_FOR_A_DIFFERENCE))
    return notMeasured(`startup measured fewer than ${MIN_REPETITIONS_FOR_A_DIFFERENCE} times a side`, rule);
  const evidence = `${figures
    .map((figure) => {
      const added = figure.startupAddedSeconds!;
      return `${figure.lang}: sidecar mode ready ${formatNumber(added.median, 2, 's')} later than mode none [${formatNumber(added.low, 2)}, ${formatNumber(added.high, 2)}]${added.withinNoise ? ' (within noise)' : ''}`;
    })
    .join('; ')}; failed requests during start/stop not measured`;
  const coupled = figures.filter(
    (figure) => !figure.startupAddedSeconds!.withinNoise && figure.startupAddedSeconds!.median > STARTUP_COUPLING_SECONDS,
  ).length;
  const verdict: Verdict = coupled === figures.length ? 'supported' : coupled === 0 ? 'not supported' : 'depends';
  // "In every language" turns on the start whose interval reaches lowest.
  const weakest = figures.reduce((low, figure) => (figure.startupAddedSeconds!.low < low.startupAddedSeconds!.low ? figure : low));
  const added = weakest.startupAddedSeconds!;
  const deciding: DecidingFigure = {
    label: `${weakest.lang}: sidecar mode ready later than mode none`,
    unit: 's',
    value: added.median,
    interval: { low: added.low, high: added.high },
    comparedWith: { label: "coupling one can feel (the rule's threshold)", value: STARTUP_COUPLING_SECONDS },
  };
  return { evidence, verdict, rule, deciding };
}

export const lifecycleClaims: ClaimRule[] = [{ id: 'K3', evaluate: costK3 }];
