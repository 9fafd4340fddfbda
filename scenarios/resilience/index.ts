// The resilience scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeResilienceRun } from '../common/fault-analysis.js';
import { resilienceClaims } from './claims.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { resilienceRunner, type ResilienceSettings } from './run.js';
import { renderResilienceSection } from './section.js';
import type { ResilienceData } from './run.js';

export const resilienceScenario: ScenarioPlugin<ResilienceData, ReturnType<typeof analyzeResilienceRun>, ResilienceSettings> = {
  id: 'resilience',
  title: 'Resilience: the ambassador under downstream faults',
  topology: 'single',
  dataSchema,
  tiers: tierShares({ leftOutOf: ['smoke'] }),
  ...resilienceRunner,
  analyze: analyzeResilienceRun,
  section: (analysis, page) => renderResilienceSection(analysis, page.charts),
  claims: resilienceClaims,
};
