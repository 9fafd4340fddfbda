// The claims table of one run: every claim of the catalogue, decided by the rule a registered scenario brings.
import type { AnalysedRun, AnyScenario } from '../engine/scenario.js';
import { CLAIMS, notMeasured, type ClaimRow } from './claims.js';

/** Every claim of the catalogue, decided by the rule a registered scenario brings, or "not measured" when none does. */
export function evaluateClaims(run: AnalysedRun, scenarios: readonly AnyScenario[]): ClaimRow[] {
  const rules = scenarios.flatMap((scenario) => (scenario.claims ?? []).map((rule) => ({ rule, scenario })));
  return CLAIMS.map((claim) => {
    const found = rules.find(({ rule }) => rule.id === claim.id);
    if (found === undefined)
      return {
        ...claim,
        scenario: null,
        ...notMeasured('no scenario of this version measures it', 'decided by a scenario that brings a rule for it'),
      };
    const finding = found.rule.evaluate(run);
    // Calibration gates what it vouches for: a latency verdict of an uncalibrated run is not a measurement.
    const ungated = found.scenario.needsCalibration !== true || finding.verdict === 'not measured' || run.calibration?.passed === true;
    // A gated finding is rebuilt by notMeasured, so the figure calibration does not vouch for is dropped with it.
    return {
      ...claim,
      scenario: found.scenario.id,
      ...(ungated
        ? finding
        : notMeasured(
            `calibration ${run.calibration === null ? 'did not run' : `failed (${run.calibration.reasons.join('; ')})`}, so no latency of this run is trusted; the figures were: ${finding.evidence}`,
            finding.rule,
          )),
    };
  });
}
