// Claims rows computed from the fault scenarios: C3 (isolation), A1 (the ambassador), K3 (lifecycle), and C5's log-loss figure.
import type { IsolationData } from '../isolation/run.js';
import type { LifecycleData } from '../lifecycle/run.js';
import type { ResilienceData } from '../resilience/run.js';
import type { RunResults } from '../../scripts/results/types.js';
import { scenarioData } from '../../scripts/results/scenario-data.js';
import { analyzeIsolation, analyzeLifecycle, analyzeResilience, type IsolationFigures } from './fault-analysis.js';
import type { ClaimRow, Verdict } from '../../scripts/report/claims.js';
import { formatNumber } from '../../scripts/report/html.js';
import { percent } from './fault-format.js';
import { median } from '../../scripts/stats/summary.js';

// === thresholds ===

/** Faults in the cross-cutting work: what the sidecar claims to keep away from the app. */
export const CROSS_CUTTING_FAULTS = ['collector-down', 'collector-slow', 'collector-500', 'log-flood', 'feature-crash', 'config-garbage'];
/** The app "kept answering" its own port when it answered at least this share of direct probes during a fault. */
export const APP_ANSWERED_SHARE = 0.95;
/** Clients "did not notice" a fault when at most this share of their requests failed during it. */
export const UNNOTICED_FAILED_SHARE = 0.01;
/** The sidecar's crash spared the clients when they saw at most this fraction of the failures the library's crash caused. */
export const SPARED_FRACTION = 0.5;
/**
 * The ambassador must remove at least this fraction of the failures mode none sees, where mode none fails at least
 * NOTICEABLE_FAILED_SHARE. Three tries at 20% failing still fail 0.8% of calls: "all" is not a fair bar.
 */
export const RESILIENT_REDUCTION = 0.8;
export const NOTICEABLE_FAILED_SHARE = 0.05;
/** Tries per call above this are amplification worth calling out (the default budget allows 1.2 plus 10 retries/s). */
export const MAX_AMPLIFICATION = 1.5;
/** Later listing of sidecar mode than of library mode that counts as lifecycle coupling one can feel. */
export const LISTING_COUPLING_SECONDS = 0.1;


const pct = percent;
const lostText = (figure: IsolationFigures) => (figure.logs === null ? 'no logs' : `${figure.logs.exact ? '' : '≥ '}${figure.logs.lost} log records lost`);

export function claimC3(results: RunResults): ClaimRow {
  const statement = 'the sidecar isolates the app';
  const rule = `not supported when, in sidecar mode, a fault in the cross-cutting work (${CROSS_CUTTING_FAULTS.join(', ')}) killed the app or it answered under ${APP_ANSWERED_SHARE * 100}% of probes of its own port, or clients saw more than ${UNNOTICED_FAILED_SHARE * 100}% failures outside the feature crash; supported when, besides, clients saw at most ${SPARED_FRACTION * 100}% of the failures the same crash caused in library mode; depends otherwise`;
  const isolation = scenarioData<IsolationData>(results, 'isolation');
  const figures = isolation === null ? [] : analyzeIsolation(isolation).filter((figure) => figure.validity.valid && CROSS_CUTTING_FAULTS.includes(figure.fault));
  const sidecar = figures.filter((figure) => figure.mode === 'sidecar');
  if (sidecar.length === 0) return { id: 'C3', side: 'claim', statement, evidence: isolation === null ? 'the isolation scenario did not run' : 'no valid sidecar episode of a fault in the cross-cutting work', verdict: 'not measured', rule };
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
  return { id: 'C3', side: 'claim', statement, evidence, verdict, rule };
}

export function claimA1(results: RunResults): ClaimRow {
  const statement = 'the ambassador makes outbound calls resilient (retries that never charge twice)';
  const rule = `with payment answering errors to a share of requests (the resilience scenario's payment-503), in each language: supported when the ambassador removed at least ${RESILIENT_REDUCTION * 100}% of the failed checkouts of mode none (which failed at least ${NOTICEABLE_FAILED_SHARE * 100}%), with no double charge anywhere and at most ×${MAX_AMPLIFICATION} tries per checkout; not supported when it did no better than mode none; depends otherwise`;
  const resilience = scenarioData<ResilienceData>(results, 'resilience');
  const figures = resilience === null ? [] : analyzeResilience(resilience).filter((figure) => figure.validity.valid);
  const errors = figures.filter((figure) => figure.fault === 'payment-503');
  const sidecar = errors.filter((figure) => figure.mode === 'sidecar');
  if (sidecar.length === 0) return { id: 'A1', side: 'claim', statement, evidence: resilience === null ? 'the resilience scenario did not run' : 'no valid sidecar episode with payment answering 503', verdict: 'not measured', rule };
  const doubleCharges = figures.reduce((sum, figure) => sum + figure.doubleCharges + Math.max(0, figure.extraStoredPayments ?? 0), 0);
  const amplification = Math.max(...sidecar.map((figure) => figure.amplificationDuring ?? 1));
  // Compared language by language: the ambassador against no egress at all, the library beside them.
  const perLang = sidecar.map((ambassador) => {
    const failed = (mode: string) => errors.find((figure) => figure.lang === ambassador.lang && figure.mode === mode)?.load.during.errorRate ?? null;
    return { lang: ambassador.lang, sidecar: ambassador.load.during.errorRate ?? 0, none: failed('none'), library: failed('library') };
  });
  const slow = figures.filter((figure) => figure.fault === 'payment-slow');
  // The database check only speaks where payment's table was read.
  const extraRows = figures.map((figure) => figure.extraStoredPayments);
  const databaseText = extraRows.every((rows) => rows === 0) ? ' (payment\'s database agrees)' : extraRows.some((rows) => rows === null) ? ' (payment\'s database not read for every episode)' : '';
  const how = (id: string) => resilience!.faults.find((fault) => fault.id === id)?.how ?? id;
  const slowText = slow.length === 0 ? '' : `; ${how('payment-slow')}: p99 ${slow.map((figure) => `${figure.lang}/${figure.mode} ${formatNumber((figure.load.during.p99Micros ?? Number.NaN) / 1000, 0, 'ms')}`).join(', ')} (under the try timeout nothing is retried)`;
  const evidence = `${how('payment-503')}; checkouts failed: ${perLang.map((one) => `${one.lang} ${pct(one.sidecar)} through the ambassador, ${pct(one.none)} with no egress${one.library === null ? '' : `, ${pct(one.library)} with the library`}`).join('; ')}; ×${formatNumber(amplification, 2)} tries per checkout at most; ${doubleCharges} double charges over every episode${databaseText}${slowText}`;
  const compared = perLang.filter((one) => one.none !== null);
  let verdict: Verdict;
  if (compared.length === 0) verdict = 'depends';
  else if (compared.some((one) => one.sidecar >= one.none!)) verdict = 'not supported';
  else if (compared.every((one) => one.none! >= NOTICEABLE_FAILED_SHARE && one.sidecar <= (1 - RESILIENT_REDUCTION) * one.none!) && doubleCharges === 0 && amplification <= MAX_AMPLIFICATION) verdict = 'supported';
  else verdict = 'depends';
  return { id: 'A1', side: 'claim', statement, evidence: `${evidence}${compared.length === 0 ? ' (no mode none episode to compare with)' : ''}`, verdict, rule };
}

/** K3 from the lifecycle scenario; null when it did not run, so the caller can fall back on startup times. */
export function costK3FromLifecycle(results: RunResults): ClaimRow | null {
  const lifecycle = scenarioData<LifecycleData>(results, 'lifecycle');
  if (lifecycle === null) return null;
  const statement = 'lifecycle coupling: start and stop ordering';
  const rule = `supported when, in some language, sidecar mode fails more requests while it is listed than library mode (in any stop order), or is listed more than ${LISTING_COUPLING_SECONDS} s later after its spawn (median of its runs); not supported otherwise`;
  const figures = analyzeLifecycle(lifecycle);
  const langs = [...new Set(figures.filter((figure) => figure.mode === 'sidecar').map((figure) => figure.lang))].filter((lang) => figures.some((figure) => figure.lang === lang && figure.mode === 'library'));
  if (langs.length === 0) return { id: 'K3', side: 'cost', statement, evidence: 'the lifecycle scenario has no language with both a sidecar and a library run', verdict: 'not measured', rule };
  const failedListed = (figure: (typeof figures)[number]) => figure.failedWhileStarting + figure.failedWhileStopping;
  let coupled = false;
  const parts = langs.map((lang) => {
    const of = (mode: string) => figures.filter((figure) => figure.lang === lang && figure.mode === mode);
    const library = of('library');
    const sidecar = of('sidecar');
    const none = of('none');
    // The median sidecar run against the library's: one slow start in one order is not the mode's.
    const listed = (runs: typeof figures) => median(runs.map((figure) => figure.secondsToServing ?? Number.POSITIVE_INFINITY));
    const laterBy = listed(sidecar) - listed(library);
    if (laterBy > LISTING_COUPLING_SECONDS || Math.max(...sidecar.map(failedListed)) > Math.max(...library.map(failedListed))) coupled = true;
    return `${lang}: listed ${formatNumber(listed(sidecar), 2, 's')} after spawn in sidecar mode, ${formatNumber(listed(library), 2, 's')} with the library${none.length > 0 ? ` (mode none ready ${formatNumber(listed(none), 2, 's')})` : ''}; failed while listed: library ${library.map(failedListed).join('/')}, sidecar ${sidecar.map((figure) => `${figure.stopOrder} ${failedListed(figure)}`).join(', ')}`;
  });
  return { id: 'K3', side: 'cost', statement, evidence: parts.join('; '), verdict: coupled ? 'supported' : 'not supported', rule };
}

export interface AppKillLoss {
  /** Records lost by killed apps in sidecar mode (exact) and in library mode (a lower bound), over every language measured. */
  sidecarLost: number;
  libraryLost: number | null;
  cells: number;
}

/** What kill -9 of the app lost in each mode: the shared file system's part in C5. */
export function appKillLoss(results: RunResults): AppKillLoss | null {
  const isolation = scenarioData<IsolationData>(results, 'isolation');
  if (isolation === null) return null;
  // A crash of the app's own feature code kills a Node or Go app just as kill -9 does.
  const killed = (figure: IsolationFigures) => figure.validity.valid && !figure.appSurvived && (figure.fault === 'app-kill' || figure.fault === 'feature-crash');
  const figures = analyzeIsolation(isolation).filter(killed);
  const lostOfKilled = (figure: IsolationFigures) => figure.logs?.processes[0]?.lost ?? 0;
  const sidecar = figures.filter((figure) => figure.mode === 'sidecar');
  if (sidecar.length === 0) return null;
  const library = figures.filter((figure) => figure.mode === 'library');
  return { sidecarLost: sidecar.reduce((sum, figure) => sum + lostOfKilled(figure), 0), libraryLost: library.length === 0 ? null : library.reduce((sum, figure) => sum + lostOfKilled(figure), 0), cells: sidecar.length };
}
