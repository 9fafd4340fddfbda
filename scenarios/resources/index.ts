// The resources scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeResourcesRun } from './analysis.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { AGENT_LEFT_OUT_OF_QUICK, ONE_INSTANCE_HOP_MODES } from '../common/one-app-agent.js';
import { resourcesHeadlines } from './headlines.js';
import { resourcesRunner, type ResourcesSettings } from './run.js';
import { renderResourcesSection } from './section.js';
import type { ResourcesData } from './run.js';

export const resourcesScenario: ScenarioPlugin<ResourcesData, ReturnType<typeof analyzeResourcesRun>, ResourcesSettings> = {
  id: 'resources',
  title: 'CPU and memory per role',
  topology: 'single',
  // Mode native too: HAProxy in front of the app, the floor each sidecar figure is set against; and mode agent, one
  // agent serving the one app (left out of the quick tier's default modes: AGENT_LEFT_OUT_OF_QUICK).
  modes: ONE_INSTANCE_HOP_MODES,
  dataSchema,
  tiers: tierShares({ modesLeftOutOf: { quick: AGENT_LEFT_OUT_OF_QUICK } }),
  ...resourcesRunner,
  analyze: analyzeResourcesRun,
  section: (analysis, page) => renderResourcesSection(analysis, page.charts),
  headlines: resourcesHeadlines,
};
