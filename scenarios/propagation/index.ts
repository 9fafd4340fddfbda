// The propagation scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzePropagation } from './analysis.js';
import { propagationClaims } from './claims.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { propagationRunner, type PropagationSettings } from './run.js';
import { renderPropagationSection } from './section.js';
import type { PropagationData } from './run.js';

export const propagationScenario: ScenarioPlugin<PropagationData, ReturnType<typeof analyzePropagation>, PropagationSettings> = {
  id: 'propagation',
  title: 'Config propagation',
  topology: 'single',
  dataSchema,
  tiers: tierShares({ settings: { smoke: { changes: 2 }, quick: { changes: 3 }, full: { changes: 10 } } }),
  ...propagationRunner,
  analyze: analyzePropagation,
  section: ({ data }, page) => renderPropagationSection(data, page.charts),
  describeSettings: (settings) => [['config changes (propagation)', String(settings.changes)]],
  claims: propagationClaims,
};
