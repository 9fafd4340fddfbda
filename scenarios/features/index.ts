// The features scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeFeatures } from './analysis.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { featuresRunner, type FeaturesSettings } from './run.js';
import { renderFeaturesSection } from './section.js';
import type { FeaturesData } from './run.js';

export const featuresScenario: ScenarioPlugin<FeaturesData, ReturnType<typeof analyzeFeatures>, FeaturesSettings> = {
  id: 'features',
  title: 'What each feature costs',
  topology: 'single',
  dataSchema,
  // Not in the quick run's five minutes: what each feature costs is a breakdown, no claim rests on it.
  tiers: tierShares({
    settings: { smoke: { everyLanguage: false }, quick: { everyLanguage: false }, full: { everyLanguage: true } },
    leftOutOf: ['quick'],
  }),
  needsCalibration: true,
  ...featuresRunner,
  analyze: analyzeFeatures,
  section: ({ data }, page) => renderFeaturesSection(data, page.charts),
  describeSettings: (settings) => [['features', settings.everyLanguage ? 'every language' : 'the first language only']],
};
