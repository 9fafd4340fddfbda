// The claims table of one run: every claim of the catalogue, decided by the rule a registered scenario brings.
import type { AnalysedRun, AnyScenario } from '../engine/scenario.js';
import { CLAIMS, notMeasured, type ClaimRow } from './claims.js';

/** Every claim of the catalogue, decided by the rule a registered scenario brings, or "not measured" when none does. */
export function evaluateClaims(run: AnalysedRun, scenarios: readonly AnyScenario[]): ClaimRow[] {
  const rules = scenarios.flatMap((scenario) => scenario.claims ?? []);
  return CLAIMS.map((claim) => {
    const rule = rules.find((one) => one.id === claim.id);
    const finding = rule === undefined
      ? notMeasured('no scenario of this version measures it', 'decided by a scenario that brings a rule for it')
      : rule.evaluate(run);
    return { ...claim, ...finding };
  });
}
