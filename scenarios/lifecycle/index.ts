// The lifecycle scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeLifecycleRun } from '../common/fault-analysis.js';
import { lifecycleClaims } from './claims.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { lifecycleRunner, type LifecycleSettings } from './run.js';
import { renderLifecycleSection } from './section.js';
import type { LifecycleData } from './run.js';

export const lifecycleScenario: ScenarioPlugin<LifecycleData, ReturnType<typeof analyzeLifecycleRun>, LifecycleSettings> = {
  id: 'lifecycle',
  title: 'Lifecycle: requests failed while starting and stopping',
  topology: 'single',
  dataSchema,
  tiers: tierShares({ leftOutOf: ['smoke'] }),
  ...lifecycleRunner,
  analyze: analyzeLifecycleRun,
  section: (analysis, page) => renderLifecycleSection(analysis, page.charts),
  claims: lifecycleClaims,
};
