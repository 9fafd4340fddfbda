// C5 (shared file system, CPU and memory serve the sidecar): config through the shared file, the sidecar's /proc
// reading of its app, and the log file that outlives a killed app.
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import { notMeasured, type ClaimFinding, type DecidingFigure, type Verdict } from '../../scripts/report/claims.js';
import { formatNumber } from '../../scripts/report/html.js';
import { estimateMedian } from '../../scripts/stats/summary.js';
import { appKillLoss } from '../isolation/claims.js';
import { analyzeResourcesRun } from '../resources/analysis.js';
import { analyzePropagation } from './analysis.js';

/** features.md: a config change is in use within 1 s. */
export const PROPAGATION_PROMISE_MILLIS = 1000;

export function claimC5(run: AnalysedRun): ClaimFinding {
  const rule = `supported when config reaches the app through the shared file within ${PROPAGATION_PROMISE_MILLIS} ms (p50, none missed) and an app killed -9 in sidecar mode lost no log record (its file outlives it); depends when one holds, or only one is measured and holds; not supported when none does. The sidecar's /proc reading of its app is shown, not counted: the harness reads the same /proc files, so the two cannot disagree, and an account from inside the app is not measured yet`;
  const agreement = run.analysisOf(analyzeResourcesRun)?.procAgreement ?? null;
  const propagation = run.analysisOf(analyzePropagation)?.data ?? null;
  const sidecarRuns = propagation?.runs.filter((run) => run.mode === 'sidecar') ?? [];
  const samples = sidecarRuns.flatMap((run) => run.samples);
  const propagationMedian = estimateMedian(samples.flatMap((sample) => (sample.millis === null ? [] : [sample.millis])));
  const killLoss = appKillLoss(run);
  if (samples.length === 0 && killLoss === null)
    return notMeasured('no sidecar figures in this run (sidecar cells skipped, or the propagation and isolation scenarios not run)', rule);
  const checks: boolean[] = [];
  const parts: string[] = [];
  const figures: DecidingFigure[] = [];
  if (killLoss !== null) {
    // The app's log file outlives the app: a killed app in sidecar mode should lose no record.
    checks.push(killLoss.sidecarLost === 0);
    figures.push({
      label: 'log records lost by apps killed -9 in sidecar mode',
      unit: 'count',
      value: killLoss.sidecarLost,
      ...(killLoss.libraryLost === null ? {} : { comparedWith: { label: 'library mode (at least)', value: killLoss.libraryLost } }),
    });
    parts.push(
      `an app killed -9 lost ${killLoss.sidecarLost} log records in sidecar mode${killLoss.libraryLost === null ? '' : ` (library mode: at least ${killLoss.libraryLost})`}`,
    );
  }
  if (samples.length > 0) {
    const missed = samples.filter((sample) => sample.millis === null).length;
    checks.push(propagationMedian !== null && propagationMedian.median <= PROPAGATION_PROMISE_MILLIS && missed === 0);
    figures.push(
      propagationMedian === null || missed > 0
        ? {
            label: 'config changes the app never saw through the shared file',
            unit: 'count',
            value: missed,
            comparedWith: { label: 'none allowed', value: 0 },
          }
        : {
            label: 'config change through the shared file, p50',
            unit: 'ms',
            value: propagationMedian.median,
            interval: { low: propagationMedian.low, high: propagationMedian.high },
            comparedWith: { label: 'the promise of features.md', value: PROPAGATION_PROMISE_MILLIS },
          },
    );
    parts.push(
      `config through the file in ${formatNumber(propagationMedian?.median, 1, 'ms')} (p50), ${missed} of ${samples.length} missed`,
    );
  }
  const passed = checks.filter(Boolean).length;
  const verdict: Verdict =
    checks.length >= 2
      ? passed === checks.length
        ? 'supported'
        : passed > 0
          ? 'depends'
          : 'not supported'
      : passed === 1
        ? 'depends'
        : 'not supported';
  // Shown for what it is: the same /proc file read twice (see the rule).
  const procText =
    agreement === null
      ? ''
      : `; the sidecar's /proc reading of its app matched the harness's within ${formatNumber(Math.max(agreement.rss, agreement.cpu) * 100, 1, '%')} (the same file read twice: not counted)`;
  // A check that failed decides against the claim; when all held (or all failed), the first measured stands for them.
  const deciding = figures[checks.indexOf(verdict === 'depends' ? false : checks[0]!)] ?? figures[0];
  return {
    evidence: `${parts.join('; ')}${checks.length < 2 ? ' (only one of the figures measured)' : ''}${procText}`,
    verdict,
    rule,
    ...(deciding === undefined ? {} : { deciding }),
  };
}

export const propagationClaims: ClaimRule[] = [{ id: 'C5', evaluate: claimC5 }];
