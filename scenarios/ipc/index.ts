// The ipc scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeIpcRun } from './analysis.js';
import { ipcClaims } from './claims.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { ipcHeadlines } from './headlines.js';
import { ipcRunner, type IpcSettings } from './run.js';
import { renderIpcSection } from './section.js';
import type { IpcData } from './run.js';

export const ipcScenario: ScenarioPlugin<IpcData, ReturnType<typeof analyzeIpcRun>, IpcSettings> = {
  id: 'ipc',
  title: 'Per-call cost of local channels',
  topology: 'single',
  dataSchema,
  tiers: tierShares({
    settings: {
      smoke: { taskMillis: 50, warmAllMillis: 150 },
      quick: { taskMillis: 100, warmAllMillis: 300 },
      full: { taskMillis: 500, warmAllMillis: 1500 },
    },
  }),
  choosesOwnLanguages: true,
  ...ipcRunner,
  analyze: analyzeIpcRun,
  section: (analysis, page) => renderIpcSection(analysis, page.charts),
  describeSettings: (settings) => [
    [
      'ipc: calls timed per transport',
      `${settings.taskMillis} ms per repetition, after ${settings.warmAllMillis} ms of every channel in turn`,
    ],
  ],
  headlines: ipcHeadlines,
  claims: ipcClaims,
};
