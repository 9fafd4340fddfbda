// C5 (shared file system, CPU and memory serve the sidecar): config through the shared file, the sidecar's /proc
// reading of its app, and the log file that outlives a killed app.
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import { notMeasured, type ClaimFinding, type Verdict } from '../../scripts/report/claims.js';
import { formatNumber } from '../../scripts/report/html.js';
import { estimateMedian } from '../../scripts/stats/summary.js';
import { appKillLoss } from '../isolation/claims.js';
import { analyzeResourcesRun } from '../resources/analysis.js';
import { analyzePropagation } from './analysis.js';

/** The sidecar's /proc reading of its app agrees with the harness's when within this fraction. */
export const PROC_AGREEMENT_RATIO = 0.1;
/** features.md: a config change is in use within 1 s. */
export const PROPAGATION_PROMISE_MILLIS = 1000;

export function claimC5(run: AnalysedRun): ClaimFinding {
  const rule = `supported when the sidecar's /proc reading of its app is within ${PROC_AGREEMENT_RATIO * 100}% of the harness's (RSS and CPU), config reaches the app through the shared file within ${PROPAGATION_PROMISE_MILLIS} ms (p50, none missed) and an app killed -9 in sidecar mode lost no log record (its file outlives it), each where measured; depends when some hold; not supported when none does`;
  const agreement = run.analysisOf(analyzeResourcesRun)?.procAgreement ?? null;
  const propagation = run.analysisOf(analyzePropagation)?.data ?? null;
  const sidecarRuns = propagation?.runs.filter((run) => run.mode === 'sidecar') ?? [];
  const samples = sidecarRuns.flatMap((run) => run.samples);
  const propagationMedian = estimateMedian(samples.flatMap((sample) => (sample.millis === null ? [] : [sample.millis])));
  const killLoss = appKillLoss(run);
  if (agreement === null && samples.length === 0 && killLoss === null) return notMeasured('no sidecar figures in this run (sidecar cells skipped or the resources and propagation scenarios not run)', rule);
  const checks: boolean[] = [];
  const parts: string[] = [];
  if (killLoss !== null) {
    // The app's log file outlives the app: a killed app in sidecar mode should lose no record.
    checks.push(killLoss.sidecarLost === 0);
    parts.push(`an app killed -9 lost ${killLoss.sidecarLost} log records in sidecar mode${killLoss.libraryLost === null ? '' : ` (library mode: at least ${killLoss.libraryLost})`}`);
  }
  if (agreement !== null) {
    checks.push(agreement.rss <= PROC_AGREEMENT_RATIO && agreement.cpu <= PROC_AGREEMENT_RATIO);
    parts.push(`/proc reading off by ${formatNumber(agreement.rss * 100, 1, '%')} (RSS), ${formatNumber(agreement.cpu * 100, 1, '%')} (CPU)`);
  }
  if (samples.length > 0) {
    const missed = samples.filter((sample) => sample.millis === null).length;
    checks.push(propagationMedian !== null && propagationMedian.median <= PROPAGATION_PROMISE_MILLIS && missed === 0);
    parts.push(`config through the file in ${formatNumber(propagationMedian?.median, 1, 'ms')} (p50), ${missed} of ${samples.length} missed`);
  }
  const passed = checks.filter(Boolean).length;
  const verdict: Verdict = checks.length >= 2 ? (passed === checks.length ? 'supported' : passed > 0 ? 'depends' : 'not supported') : passed === 1 ? 'depends' : 'not supported';
  return { evidence: `${parts.join('; ')}${checks.length < 2 ? ' (only one of the figures measured)' : ''}`, verdict, rule };
}

export const propagationClaims: ClaimRule[] = [{ id: 'C5', evaluate: claimC5 }];
