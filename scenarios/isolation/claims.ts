// C3 (the sidecar isolates the app) from the isolation faults, and what kill -9 of the app lost in each mode (C5's part).
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import type { ClaimFinding, Verdict } from '../../scripts/report/claims.js';
import { analyzeIsolationRun, type IsolationFigures } from '../shared/fault-analysis.js';
import { percent } from '../shared/fault-format.js';

// === thresholds ===

/** Faults in the cross-cutting work: what the sidecar claims to keep away from the app. */
export const CROSS_CUTTING_FAULTS = ['collector-down', 'collector-slow', 'collector-500', 'log-flood', 'feature-crash', 'config-garbage'];
/** The app "kept answering" its own port when it answered at least this share of direct probes during a fault. */
export const APP_ANSWERED_SHARE = 0.95;
/** Clients "did not notice" a fault when at most this share of their requests failed during it. */
export const UNNOTICED_FAILED_SHARE = 0.01;
/** The sidecar's crash spared the clients when they saw at most this fraction of the failures the library's crash caused. */
export const SPARED_FRACTION = 0.5;

const pct = percent;
const lostText = (figure: IsolationFigures) => (figure.logs === null ? 'no logs' : `${figure.logs.exact ? '' : '≥ '}${figure.logs.lost} log records lost`);

export function claimC3(run: AnalysedRun): ClaimFinding {
  const rule = `not supported when, in sidecar mode, a fault in the cross-cutting work (${CROSS_CUTTING_FAULTS.join(', ')}) killed the app or it answered under ${APP_ANSWERED_SHARE * 100}% of probes of its own port, or clients saw more than ${UNNOTICED_FAILED_SHARE * 100}% failures outside the feature crash; supported when, besides, clients saw at most ${SPARED_FRACTION * 100}% of the failures the same crash caused in library mode; depends otherwise`;
  const isolation = run.analysisOf(analyzeIsolationRun);
  const figures = isolation === null ? [] : isolation.figures.filter((figure) => figure.validity.valid && CROSS_CUTTING_FAULTS.includes(figure.fault));
  const sidecar = figures.filter((figure) => figure.mode === 'sidecar');
  if (sidecar.length === 0) return { evidence: isolation === null ? 'the isolation scenario did not run' : 'no valid sidecar episode of a fault in the cross-cutting work', verdict: 'not measured', rule };
  const appHurt = sidecar.filter((figure) => !figure.appSurvived || (figure.appAnsweredDuring ?? 0) < APP_ANSWERED_SHARE);
  const others = sidecar.filter((figure) => figure.fault !== 'feature-crash');
  const noticed = others.filter((figure) => (figure.load.during.errorRate ?? 0) > UNNOTICED_FAILED_SHARE);
  const crashPairs = sidecar.filter((figure) => figure.fault === 'feature-crash').flatMap((crash) => {
    const library = figures.find((figure) => figure.fault === 'feature-crash' && figure.mode === 'library' && figure.lang === crash.lang);
    return library === undefined ? [] : [{ sidecar: crash, library }];
  });
  const libraryDeaths = figures.filter((figure) => figure.mode === 'library' && figure.fault === 'feature-crash').map((figure) => `${figure.lang} ${figure.appSurvived ? 'app kept running' : 'app died'}`);
  const spared = crashPairs.every((pair) => (pair.sidecar.load.during.errorRate ?? 0) <= SPARED_FRACTION * (pair.library.load.during.errorRate ?? 0));
  const evidence = [
    `sidecar mode: the app survived ${sidecar.length - sidecar.filter((figure) => !figure.appSurvived).length} of ${sidecar.length} faults and answered its own port ${pct(Math.min(...sidecar.map((figure) => figure.appAnsweredDuring ?? 0)))} of the time at worst`,
    ...(others.length === 0 ? [] : [`clients saw at most ${pct(Math.max(...others.map((figure) => figure.load.during.errorRate ?? 0)))} failures during ${[...new Set(others.map((figure) => figure.fault))].join(', ')}`]),
    ...crashPairs.map((pair) => `feature crash (${pair.sidecar.lang}): ${pct(pair.sidecar.load.during.errorRate)} of client requests failed in sidecar mode, ${lostText(pair.sidecar)} vs ${pct(pair.library.load.during.errorRate)} in library mode, where ${pair.library.appSurvived ? 'the app kept serving but its logs stopped' : 'the app died'}, ${lostText(pair.library)}`),
    ...(crashPairs.length === 0 && libraryDeaths.length > 0 ? [`library feature crash: ${libraryDeaths.join(', ')}`] : []),
  ].join('; ');
  const verdict: Verdict = appHurt.length > 0 || noticed.length > 0 ? 'not supported' : crashPairs.length > 0 && spared ? 'supported' : 'depends';
  return { evidence, verdict, rule };
}

export interface AppKillLoss {
  /** Records lost by killed apps in sidecar mode (exact) and in library mode (a lower bound), over every language measured. */
  sidecarLost: number;
  libraryLost: number | null;
  cells: number;
}

/** What kill -9 of the app lost in each mode: the shared file system's part in C5. */
export function appKillLoss(run: AnalysedRun): AppKillLoss | null {
  const isolation = run.analysisOf(analyzeIsolationRun);
  if (isolation === null) return null;
  // A crash of the app's own feature code kills a Node or Go app just as kill -9 does.
  const killed = (figure: IsolationFigures) => figure.validity.valid && !figure.appSurvived && (figure.fault === 'app-kill' || figure.fault === 'feature-crash');
  const figures = isolation.figures.filter(killed);
  const lostOfKilled = (figure: IsolationFigures) => figure.logs?.processes[0]?.lost ?? 0;
  const sidecar = figures.filter((figure) => figure.mode === 'sidecar');
  if (sidecar.length === 0) return null;
  const library = figures.filter((figure) => figure.mode === 'library');
  return { sidecarLost: sidecar.reduce((sum, figure) => sum + lostOfKilled(figure), 0), libraryLost: library.length === 0 ? null : library.reduce((sum, figure) => sum + lostOfKilled(figure), 0), cells: sidecar.length };
}

export const isolationClaims: ClaimRule[] = [{ id: 'C3', evaluate: claimC3 }];
