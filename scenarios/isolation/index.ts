// The isolation scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeIsolationRun } from '../common/fault-analysis.js';
import { isolationClaims } from './claims.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { isolationRunner, type IsolationSettings } from './run.js';
import { renderIsolationSection } from './section.js';
import type { IsolationData } from './run.js';

export const isolationScenario: ScenarioPlugin<IsolationData, ReturnType<typeof analyzeIsolationRun>, IsolationSettings> = {
  id: 'isolation',
  title: 'Isolation: faults in the cross-cutting work',
  topology: 'single',
  dataSchema,
  tiers: tierShares({ leftOutOf: ['smoke'] }),
  ...isolationRunner,
  analyze: analyzeIsolationRun,
  section: (analysis, page) => renderIsolationSection(analysis, page.charts),
  claims: isolationClaims,
};
