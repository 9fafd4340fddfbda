// A1 (the ambassador makes outbound calls resilient) from the resilience faults, language by language.
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import type { ClaimFinding, Verdict } from '../../scripts/report/claims.js';
import { formatNumber } from '../../scripts/report/html.js';
import { analyzeResilienceRun } from '../shared/fault-analysis.js';
import { percent } from '../shared/fault-format.js';

// === thresholds ===

/**
 * The ambassador must remove at least this fraction of the failures mode none sees, where mode none fails at least
 * NOTICEABLE_FAILED_SHARE. Three tries at 20% failing still fail 0.8% of calls: "all" is not a fair bar.
 */
export const RESILIENT_REDUCTION = 0.8;
export const NOTICEABLE_FAILED_SHARE = 0.05;
/** Tries per call above this are amplification worth calling out (the default budget allows 1.2 plus 10 retries/s). */
export const MAX_AMPLIFICATION = 1.5;

const pct = percent;

export function claimA1(run: AnalysedRun): ClaimFinding {
  const rule = `with payment answering errors to a share of requests (the resilience scenario's payment-503), in each language: supported when the ambassador removed at least ${RESILIENT_REDUCTION * 100}% of the failed checkouts of mode none (which failed at least ${NOTICEABLE_FAILED_SHARE * 100}%), with no double charge anywhere and at most ×${MAX_AMPLIFICATION} tries per checkout; not supported when it did no better than mode none; depends otherwise`;
  const analysis = run.analysisOf(analyzeResilienceRun);
  const resilience = analysis?.data ?? null;
  const figures = analysis === null ? [] : analysis.figures.filter((figure) => figure.validity.valid);
  const errors = figures.filter((figure) => figure.fault === 'payment-503');
  const sidecar = errors.filter((figure) => figure.mode === 'sidecar');
  if (sidecar.length === 0) return { evidence: resilience === null ? 'the resilience scenario did not run' : 'no valid sidecar episode with payment answering 503', verdict: 'not measured', rule };
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
  return { evidence: `${evidence}${compared.length === 0 ? ' (no mode none episode to compare with)' : ''}`, verdict, rule };
}

export const resilienceClaims: ClaimRule[] = [{ id: 'A1', evaluate: claimA1 }];
