// One run analysed once: each scenario's analysis computed a single time and shared by its section, headlines and claims.
import type { AnalysedRun, Analyzer, AnyScenario } from '../engine/scenario.js';
import type { RunResults, ScenarioResult } from '../results/types.js';
import type { Headline } from './headlines.js';
import { judgeCalibration, TAIL_PERCENTILE } from '../load/calibration.js';

export interface AnalysedScenario {
  result: ScenarioResult;
  /** The plugin of this id, or null for a results file from a version with a scenario this one lacks. */
  scenario: AnyScenario | null;
  analysis: unknown;
  /** Why the analysis failed, when it threw. */
  error: string | null;
}

export interface AnalysedReport extends AnalysedRun {
  scenarios: AnalysedScenario[];
  /** The headlines of every scenario, less the latency figures calibration did not vouch for (all, or the tail's). */
  headlines: Headline[];
}

export function analyseRun(results: RunResults, registry: readonly AnyScenario[]): AnalysedReport {
  // Keyed by the analyze function: a claim asks for another scenario's figures by that function, typed, with no id string.
  const byAnalyzer = new Map<Analyzer<unknown>, unknown>();
  const scenarios = results.scenarios.map((result): AnalysedScenario => {
    const scenario = registry.find((one) => one.id === result.id) ?? null;
    if (scenario === null || result.data === null) return { result, scenario, analysis: null, error: null };
    try {
      const analysis: unknown = scenario.analyze(result.data, results);
      byAnalyzer.set(scenario.analyze, analysis);
      return { result, scenario, analysis, error: null };
    } catch (error) {
      return { result, scenario, analysis: null, error: (error as Error).message };
    }
  });
  const calibration = judgeCalibration(results.calibration);
  const vouched = (scenario: AnyScenario, headline: Headline) =>
    scenario.needsCalibration !== true ||
    (calibration?.passed === true &&
      (headline.percentile === undefined || headline.percentile < TAIL_PERCENTILE || calibration.tail.passed));
  const headlines = scenarios.flatMap(({ scenario, analysis }) =>
    scenario?.headlines === undefined || analysis === null
      ? []
      : scenario
          .headlines(analysis)
          .filter((headline) => vouched(scenario, headline))
          .map((headline) => ({ ...headline, scenario: scenario.id })),
  );
  return {
    results,
    scenarios,
    headlines,
    calibration,
    // The map's value for an analyzer is what that analyzer returned: the one place its type is taken on trust.
    analysisOf: <Analysis>(analyze: Analyzer<Analysis>) => (byAnalyzer.get(analyze as Analyzer<unknown>) as Analysis | undefined) ?? null,
  };
}
