// The scale scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeScaleRun } from './analysis.js';
import { scaleClaims } from './claims.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { instanceCounts, scaleRunner, type ScaleSettings } from './run.js';
import { renderScaleSection } from './section.js';
import type { ScaleData } from './run.js';

export const scaleScenario: ScenarioPlugin<ScaleData, ReturnType<typeof analyzeScaleRun>, ScaleSettings> = {
  id: 'scale',
  title: 'Cost as instances grow',
  topology: 'single',
  // Mode native too: HAProxy in front of the app, the floor each sidecar figure is set against; and mode agent, one
  // sidecar process for every instance of the host (K5).
  modes: ['none', 'library', 'sidecar', 'native', 'agent'],
  dataSchema,
  tiers: tierShares({ settings: { smoke: { maxInstances: 1 }, quick: { maxInstances: 2 }, full: { maxInstances: 8 } } }),
  ...scaleRunner,
  analyze: analyzeScaleRun,
  section: (analysis, page) => renderScaleSection(analysis, page.charts),
  describeSettings: (settings) => [['scale', `${instanceCounts(settings.maxInstances).join(', ')} instances`]],
  claims: scaleClaims,
};
