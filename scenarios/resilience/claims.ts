// A1 (the ambassador makes outbound calls resilient) from the resilience faults, language by language.
import type { AnalysedRun, ClaimRule } from '../../scripts/engine/scenario.js';
import { notMeasured, type ClaimFinding, type DecidingFigure, type Verdict } from '../../scripts/report/claims.js';
import { formatNumber } from '../../scripts/report/html.js';
import { analyzeResilienceRun, type ResilienceFigures } from '../common/fault-analysis.js';
import { percent } from '../common/fault-format.js';

// === thresholds ===

const pct = percent;

/** Two egress clients "match" on failed checkouts when the ambassador fails at most this many points more than the library. */
export const MATCH_FAILED_SHARE = 0.02;
/** ...and on tries per checkout when it sends at most this many more tries per checkout. */
export const MATCH_TRIES_PER_CHECKOUT = 0.2;

interface EgressFigures {
  failed: number;
  tries: number;
  doubleCharges: number;
}

/** A missing figure makes the comparison unmeasured, never a default: no 0% failed, no x1 tries. */
function egressFigures(figure: ResilienceFigures | undefined): EgressFigures | null {
  if (figure === undefined || figure.load.during.errorRate === null || figure.amplificationDuring === null) return null;
  return {
    failed: figure.load.during.errorRate,
    tries: figure.amplificationDuring,
    doubleCharges: figure.doubleCharges + Math.max(0, figure.extraStoredPayments ?? 0),
  };
}

export function claimA1(run: AnalysedRun): ClaimFinding {
  const rule = `with payment answering errors to a share of requests (the resilience scenario's payment-503), language by language, the ambassador against the library's own egress client (both retry): supported when, in every language, it failed at most ${MATCH_FAILED_SHARE * 100} points more checkouts than the library, sent at most ${MATCH_TRIES_PER_CHECKOUT} more tries per checkout, and charged no key twice; not supported when it did worse than the library on any of these in every language, or charged a key twice; depends otherwise; not measured without both; whether both beat mode none (no retries) is said beside, not counted`;
  const analysis = run.analysisOf(analyzeResilienceRun);
  const resilience = analysis?.data ?? null;
  const figures = analysis === null ? [] : analysis.figures.filter((figure) => figure.validity.valid);
  const errors = figures.filter((figure) => figure.fault === 'payment-503');
  const of = (lang: string, mode: string) => egressFigures(errors.find((figure) => figure.lang === lang && figure.mode === mode));
  const langs = [...new Set(errors.filter((figure) => figure.mode === 'sidecar').map((figure) => figure.lang))];
  const compared = langs.flatMap((lang) => {
    const ambassador = of(lang, 'sidecar');
    const library = of(lang, 'library');
    return ambassador === null || library === null ? [] : [{ lang, ambassador, library, none: of(lang, 'none') }];
  });
  if (compared.length === 0)
    return notMeasured(
      resilience === null
        ? 'the resilience scenario did not run'
        : 'no language with a valid payment-503 episode, with every figure, both through the ambassador and through the library',
      rule,
    );
  const worse = compared.filter(
    ({ ambassador, library }) =>
      ambassador.failed > library.failed + MATCH_FAILED_SHARE ||
      ambassador.tries > library.tries + MATCH_TRIES_PER_CHECKOUT ||
      ambassador.doubleCharges > library.doubleCharges,
  );
  const doubleCharged = compared.some(({ ambassador }) => ambassador.doubleCharges > 0);
  const describe = (name: string, one: EgressFigures) =>
    `${name} ${pct(one.failed)} failed, ×${formatNumber(one.tries, 2)} tries, ${one.doubleCharges} double charges`;
  const beatsNone = compared
    .filter(({ none }) => none !== null)
    .map(
      ({ lang, ambassador, library, none }) =>
        `${lang}: ${ambassador.failed < none!.failed && library.failed < none!.failed ? 'both beat' : 'not both beat'} mode none (${pct(none!.failed)} failed with no retries)`,
    );
  const how = resilience?.faults.find((fault) => fault.id === 'payment-503')?.how ?? 'payment-503';
  const evidence =
    `${how}; ${compared.map(({ lang, ambassador, library }) => `${lang}: ${describe('ambassador', ambassador)}; ${describe('library', library)}`).join('; ')}` +
    `${beatsNone.length > 0 ? `; against no retries at all: ${beatsNone.join('; ')}` : '; mode none not measured'}`;
  const verdict: Verdict =
    doubleCharged || worse.length === compared.length ? 'not supported' : worse.length === 0 ? 'supported' : 'depends';
  return { evidence, verdict, rule, deciding: decidingA1(compared, worse, doubleCharged) };
}

/**
 * The figure A1 turned on: a double charge when there was one; else the first language that did worse, on the
 * measure it did worse on; else (every language matched) the one whose failed share came closest to the library's.
 */
function decidingA1(
  compared: { lang: string; ambassador: EgressFigures; library: EgressFigures }[],
  worse: typeof compared,
  doubleCharged: boolean,
): DecidingFigure {
  const charged = compared.find(({ ambassador }) => ambassador.doubleCharges > 0);
  if (doubleCharged && charged !== undefined)
    return {
      label: `${charged.lang}: keys charged twice through the ambassador`,
      unit: 'count',
      value: charged.ambassador.doubleCharges,
      comparedWith: { label: 'the library', value: charged.library.doubleCharges },
    };
  const one =
    worse[0] ??
    compared.reduce((pick, x) => (x.ambassador.failed - x.library.failed > pick.ambassador.failed - pick.library.failed ? x : pick));
  const failedWorse = one.ambassador.failed > one.library.failed + MATCH_FAILED_SHARE;
  const triesWorse = one.ambassador.tries > one.library.tries + MATCH_TRIES_PER_CHECKOUT;
  if (worse.length > 0 && !failedWorse && triesWorse)
    return {
      label: `${one.lang}: tries per checkout through the ambassador`,
      unit: 'x',
      value: one.ambassador.tries,
      comparedWith: { label: "the library's egress client", value: one.library.tries },
    };
  if (worse.length > 0 && !failedWorse && !triesWorse)
    return {
      label: `${one.lang}: keys charged twice through the ambassador`,
      unit: 'count',
      value: one.ambassador.doubleCharges,
      comparedWith: { label: 'the library', value: one.library.doubleCharges },
    };
  return {
    label: `${one.lang}: checkouts failed through the ambassador`,
    unit: 'share',
    value: one.ambassador.failed,
    comparedWith: { label: "the library's egress client", value: one.library.failed },
  };
}

export const resilienceClaims: ClaimRule[] = [{ id: 'A1', evaluate: claimA1 }];
