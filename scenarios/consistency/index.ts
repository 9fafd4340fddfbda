// The consistency scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeConsistency } from './analysis.js';
import { consistencyClaims } from './claims.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { knownLanguages } from '../../scripts/orchestration/languages.js';
import { consistencyRunner, type ConsistencySettings } from './run.js';
import { renderConsistencySection } from './section.js';
import type { ConsistencyData } from './types.js';

export const consistencyScenario: ScenarioPlugin<ConsistencyData, ReturnType<typeof analyzeConsistency>, ConsistencySettings> = {
  id: 'consistency',
  title: 'Consistency: one conformance suite, every implementation',
  topology: 'any',
  // Conformance is about every implementation: every language with a launch file, whatever --langs measures alone.
  extraLangs: knownLanguages(),
  dataSchema,
  tiers: tierShares({
    settings: {
      smoke: { vectors: 'smoke', concurrency: 3, differentialRuns: 0 },
      // Six cases a family (a quarter of that for settings, which start processes): 26 generated cases, above the 20 C2
      // needs to say "not supported", within the quick run's five minutes.
      quick: { vectors: 'quick', concurrency: 4, differentialRuns: 6 },
      full: { vectors: 'all', concurrency: 3, differentialRuns: 100 },
    },
  }),
  ...consistencyRunner,
  analyze: analyzeConsistency,
  section: (analysis, page) => renderConsistencySection(analysis, page.charts, page.results.codebase),
  describeSettings: (settings) => [
    ['conformance vectors', settings.vectors === 'all' ? 'all' : `the ${settings.vectors} subset (listed in the consistency section)`],
    [
      'generated cases per input family',
      settings.differentialRuns === 0 ? 'none (the differential test is off)' : String(settings.differentialRuns),
    ],
  ],
  claims: consistencyClaims,
};
