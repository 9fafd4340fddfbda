// The profile scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeProfile } from './analysis.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { profileRunner, type ProfileSettings } from './run.js';
import { renderProfileSection } from './section.js';
import type { ProfileData } from './run.js';

export const profileScenario: ScenarioPlugin<ProfileData, ReturnType<typeof analyzeProfile>, ProfileSettings> = {
  id: 'profile',
  title: 'CPU profile under load',
  topology: 'single',
  dataSchema,
  // Left out of the default quick run (its five minutes); `--scenario profile` or --full profile the sidecar.
  tiers: tierShares({ settings: { smoke: { seconds: 1 }, quick: { seconds: 2 }, full: { seconds: 10 } }, leftOutOf: ['quick'] }),
  ...profileRunner,
  analyze: analyzeProfile,
  section: ({ data }) => renderProfileSection(data),
  describeSettings: (settings) => [['profiled window', `${settings.seconds} s`]],
};
