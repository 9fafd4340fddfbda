// C3 (the sidecar isolates the app) from the isolation faults, and what kill -9 of the app lost in each mode (C5's part).
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import { notMeasured, type ClaimFinding, type Verdict } from '../../scripts/report/claims.js';
import { analyzeIsolationRun, type IsolationFigures } from '../common/fault-analysis.js';
import { percent } from '../common/fault-format.js';
import { decidingC3 } from './deciding.js';

// === thresholds ===

/** Faults in the cross-cutting work: what the sidecar claims to keep away from the app. */
export const CROSS_CUTTING_FAULTS = ['collector-down', 'collector-slow', 'collector-500', 'log-flood', 'feature-crash', 'config-garbage'];
/** The app "kept answering" its own port when it answered at least this share of direct probes during a fault. */
export const APP_ANSWERED_SHARE = 0.95;
/** Clients "did not notice" a fault when at most this share of their requests failed during it. */
export const UNNOTICED_FAILED_SHARE = 0.01;
/** The sidecar's own death: a fault of the cross-cutting process itself, on the clients' path. */
export const SIDECAR_DEATH = 'sidecar-kill';
/** The sidecar's crash spared the clients when they saw at most this fraction of the failures the library's crash caused. */
export const SPARED_FRACTION = 0.5;

const pct = percent;
const lostText = (figure: IsolationFigures) =>
  figure.logs === null ? 'no logs' : `${figure.logs.exact ? '' : '≥ '}${figure.logs.lost} log records lost`;

/** The same bug placed where the library places it (on the main thread): the sidecar's like-for-like crash. */
export const SAME_PLACEMENT_CRASH = 'feature-crash-main-thread';
/** The crash in the sidecar's logs worker: what the worker thread (a design any library could adopt) buys, shown, not counted. */
export const WORKER_CRASH = 'feature-crash';

/** The library fault a sidecar episode is compared with: the same bug, run the same way. */
function libraryCounterpart(fault: string): string | null {
  if (fault === SAME_PLACEMENT_CRASH) return WORKER_CRASH;
  if (fault === WORKER_CRASH || fault === SIDECAR_DEATH) return null;
  return CROSS_CUTTING_FAULTS.includes(fault) ? fault : null;
}

export function claimC3(run: AnalysedRun): ClaimFinding {
  const rule = `per language, the share of client requests failed during a fault in the cross-cutting work in sidecar mode against library mode, the same bug run the same way: ${CROSS_CUTTING_FAULTS.filter((fault) => fault !== WORKER_CRASH).join(', ')} in both modes, and the shipper's uncaught exception on the main thread in both (${WORKER_CRASH} in the library against ${SAME_PLACEMENT_CRASH} in the sidecar); a comparison counts only where the library's clients failed at all; the sidecar's own death (${SIDECAR_DEATH}) counts too: it sits on the data path; the same exception in the sidecar's logs worker thread (a design a library could adopt) is shown beside, not counted. Not supported when a fault killed the app in sidecar mode or left it answering under ${APP_ANSWERED_SHARE * 100}% of probes of its own port, when a fault failed more clients (over ${UNNOTICED_FAILED_SHARE * 100}%) beside the sidecar than in the library, when no counted fault spared the clients, or when the library failed no client anywhere while the sidecar's death failed more than ${UNNOTICED_FAILED_SHARE * 100}%; supported when every counted fault failed at most ${SPARED_FRACTION * 100}% of what it failed in library mode and the sidecar's death (where measured) failed at most ${UNNOTICED_FAILED_SHARE * 100}%; depends otherwise`;
  const isolation = run.analysisOf(analyzeIsolationRun);
  const figures = isolation === null ? [] : isolation.figures.filter((figure) => figure.validity.valid);
  const sidecar = figures.filter(
    (figure) => figure.mode === 'sidecar' && (libraryCounterpart(figure.fault) !== null || figure.fault === SIDECAR_DEATH),
  );
  if (sidecar.length === 0)
    return notMeasured(
      isolation === null ? 'the isolation scenario did not run' : 'no valid sidecar episode of a fault in the cross-cutting work',
      rule,
    );
  const failed = (figure: IsolationFigures) => figure.load.during.errorRate;
  const pairs = sidecar.flatMap((one) => {
    const counterpart = libraryCounterpart(one.fault);
    const library = figures.find((figure) => figure.mode === 'library' && figure.fault === counterpart && figure.lang === one.lang);
    const libraryFailed = library === undefined ? null : failed(library);
    const sidecarFailed = failed(one);
    return library === undefined || libraryFailed === null || sidecarFailed === null
      ? []
      : [{ sidecar: one, library, sidecarFailed, libraryFailed }];
  });
  // A comparison counts only where the library's clients failed: 0 <= 0.5 x 0 spares nothing.
  const counted = pairs.filter((pair) => pair.libraryFailed > 0);
  const spared = counted.filter((pair) => pair.sidecarFailed <= SPARED_FRACTION * pair.libraryFailed);
  // The same fault failing more clients beside the sidecar than in the library counts against it, counted or not.
  const worse = pairs.filter((pair) => pair.sidecarFailed > UNNOTICED_FAILED_SHARE && pair.sidecarFailed > pair.libraryFailed);
  const appHurt = sidecar.filter(
    (figure) => figure.fault !== SIDECAR_DEATH && (!figure.appSurvived || (figure.appAnsweredDuring ?? 0) < APP_ANSWERED_SHARE),
  );
  const deaths = sidecar.filter((figure) => figure.fault === SIDECAR_DEATH);
  const deathFailed = deaths.length === 0 ? null : Math.max(...deaths.map((figure) => failed(figure) ?? 1));
  const deathHurts = deathFailed !== null && deathFailed > UNNOTICED_FAILED_SHARE;
  const evidence = [
    ...pairs.map(
      (pair) =>
        `${pair.sidecar.fault} (${pair.sidecar.lang}): ${pct(pair.sidecarFailed)} of client requests failed in sidecar mode, where ${pair.sidecar.appSurvived ? 'the app kept serving' : 'the app died'}, ${lostText(pair.sidecar)}, against ${pct(pair.libraryFailed)} with ${pair.library.fault} in library mode, where ${pair.library.appSurvived ? 'the app kept serving' : 'the app died'}, ${lostText(pair.library)}${pair.libraryFailed > 0 ? '' : ' (not counted: the library failed no client)'}`,
    ),
    ...deaths.map(
      (figure) => `the sidecar's own death (${figure.lang}, kill -9): ${pct(failed(figure))} of client requests failed until it was back`,
    ),
    ...(appHurt.length === 0 ? [] : [`in sidecar mode the app itself was hurt by ${appHurt.map((figure) => figure.fault).join(', ')}`]),
    ...workerThreadLines(figures),
  ].join('; ');
  let verdict: Verdict;
  if (appHurt.length > 0 || worse.length > 0 || (counted.length > 0 && spared.length === 0) || (counted.length === 0 && deathHurts))
    verdict = 'not supported';
  else if (counted.length > 0 && spared.length === counted.length && !deathHurts) verdict = 'supported';
  else verdict = 'depends';
  return {
    evidence,
    verdict,
    rule,
    ...decidingC3({
      verdict,
      appHurt,
      worse,
      counted,
      spared,
      deathFailed,
      deathHurts,
      thresholds: { appAnsweredShare: APP_ANSWERED_SHARE, sparedFraction: SPARED_FRACTION, unnoticedFailedShare: UNNOTICED_FAILED_SHARE },
    }),
  };
}

/** What the sidecar's worker thread buys over the same bug on its main thread: the design's part, not the boundary's. */
function workerThreadLines(figures: readonly IsolationFigures[]): string[] {
  return figures
    .filter((figure) => figure.mode === 'sidecar' && figure.fault === WORKER_CRASH)
    .flatMap((worker) => {
      const main = figures.find(
        (figure) => figure.mode === 'sidecar' && figure.fault === SAME_PLACEMENT_CRASH && figure.lang === worker.lang,
      );
      const workerFailed = worker.load.during.errorRate;
      if (main === undefined || workerFailed === null || main.load.during.errorRate === null) return [];
      return [
        `not counted, the design's part (${worker.lang}): the same exception in the sidecar's logs worker thread failed ${pct(workerFailed)} of client requests, on its main thread ${pct(main.load.during.errorRate)}; a library could run its shipper in a worker too`,
      ];
    });
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
  const killed = (figure: IsolationFigures) =>
    figure.validity.valid && !figure.appSurvived && (figure.fault === 'app-kill' || figure.fault === 'feature-crash');
  const figures = isolation.figures.filter(killed);
  const lostOfKilled = (figure: IsolationFigures) => figure.logs?.processes[0]?.lost ?? 0;
  const sidecar = figures.filter((figure) => figure.mode === 'sidecar');
  if (sidecar.length === 0) return null;
  const library = figures.filter((figure) => figure.mode === 'library');
  return {
    sidecarLost: sidecar.reduce((sum, figure) => sum + lostOfKilled(figure), 0),
    libraryLost: library.length === 0 ? null : library.reduce((sum, figure) => sum + lostOfKilled(figure), 0),
    cells: sidecar.length,
  };
}

export const isolationClaims: ClaimRule[] = [{ id: 'C3', evaluate: claimC3 }];
