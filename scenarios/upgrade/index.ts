// The upgrade scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import type { ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeUpgrade } from './summary.js';
import { upgradeClaims } from './claims.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { POLYGLOT_LANGS } from '../polyglot/topology.js';
import { upgradeRunner, type UpgradeSettings } from './run.js';
import { renderUpgradeSection } from './section.js';
import type { UpgradeData } from './types.js';

export const upgradeScenario: ScenarioPlugin<UpgradeData, ReturnType<typeof analyzeUpgrade>, UpgradeSettings> = {
  id: 'upgrade',
  title: 'One upgrade, every instance',
  topology: 'polyglot',
  dataSchema,
  tiers: {
    smoke: { inDefaultRun: false, settings: {} },
    quick: { inDefaultRun: false, settings: {} },
    full: { inDefaultRun: true, settings: {} },
  },
  choosesOwnLanguages: true,
  extraLangs: Object.values(POLYGLOT_LANGS),
  ...upgradeRunner,
  analyze: analyzeUpgrade,
  section: (analysis, page) => renderUpgradeSection(analysis, page.charts),
  claims: upgradeClaims,
};
