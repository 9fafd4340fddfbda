// The blast scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeBlastRun, type BlastAnalysis } from './analysis.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { BLAST_MODES, blastRunner, type BlastData, type BlastSettings } from './run.js';
import { renderBlastSection } from './section.js';

export const blastScenario: ScenarioPlugin<BlastData, BlastAnalysis, BlastSettings> = {
  id: 'blast',
  title: 'Blast radius: one agent per host against a sidecar each',
  topology: 'single',
  // Only the two modes whose blast radius differs: a sidecar each, or one agent for the host (K5's other side).
  modes: BLAST_MODES,
  dataSchema,
  // The default quick run takes the short version (run.ts): one language, one fault, its two hosts side by
  // side. Smoke runs leave it out; --full runs every fault on every language, --scenario blast in any tier.
  tiers: tierShares({
    settings: { smoke: { instances: 2 }, quick: { instances: 3 }, full: { instances: 4 } },
    leftOutOf: ['smoke'],
  }),
  ...blastRunner,
  analyze: analyzeBlastRun,
  section: (analysis, page) => renderBlastSection(analysis, page.charts),
  describeSettings: (settings) => [['blast', `${settings.instances} instances per host`]],
};
