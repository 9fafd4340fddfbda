// The upgrade scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeUpgrade } from './summary.js';
import { upgradeClaims } from './claims.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { UPGRADE_TIERS } from './plan.js';
import { PATCHED_LANGS } from './langs.js';
import { upgradeRunner, type UpgradeSettings } from './run.js';
import { renderUpgradeSection } from './section.js';
import type { UpgradeData } from './types.js';

export const upgradeScenario: ScenarioPlugin<UpgradeData, ReturnType<typeof analyzeUpgrade>, UpgradeSettings> = {
  id: 'upgrade',
  title: 'One upgrade, every instance',
  topology: 'polyglot',
  dataSchema,
  tiers: tierShares({ settings: UPGRADE_TIERS, leftOutOf: ['smoke', 'quick'] }),
  choosesOwnLanguages: true,
  // The fleet is every language with its patches, whatever --langs measures alone; a run that names --langs rolls out
  // over those only (langs.ts), so it builds no other.
  extraLangs: (options) => (options.langsGiven === true ? [] : PATCHED_LANGS),
  ...upgradeRunner,
  analyze: analyzeUpgrade,
  section: (analysis, page) => renderUpgradeSection(analysis, page.charts),
  describeSettings: (settings) => [
    [
      'upgrade rollout',
      `${settings.ratePerSecond} req/s over ${settings.instancesPerService} instances per service, ${settings.steadySeconds} s steady before it; tests: ${settings.testScope}`,
    ],
  ],
  claims: upgradeClaims,
};
