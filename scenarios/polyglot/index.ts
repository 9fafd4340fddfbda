// The polyglot scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzePolyglot } from './analysis.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { polyglotHeadlines } from './headlines.js';
import { POLYGLOT_CHECKOUTS, checkoutName } from './topology.js';
import { POLYGLOT_MODES, measuredCheckouts, polyglotRunner, type PolyglotSettings } from './run.js';
import { renderPolyglotSection } from './section.js';
import type { PolyglotData } from './run.js';

export const polyglotScenario: ScenarioPlugin<PolyglotData, ReturnType<typeof analyzePolyglot>, PolyglotSettings> = {
  id: 'polyglot',
  title: 'Checkout across three languages',
  topology: 'polyglot',
  // Mode native too: HAProxy in front of the app, the floor each sidecar figure is set against.
  modes: POLYGLOT_MODES,
  dataSchema,
  // Quick measures at one rate; its default run, the first checkout only (measuredCheckouts in run.ts).
  tiers: tierShares({
    settings: {
      smoke: { ratesPerSecond: [50], saturation: true },
      quick: { ratesPerSecond: [50], saturation: false },
      full: { ratesPerSecond: [25, 50, 100], saturation: true },
    },
  }),
  needsCalibration: true,
  extraLangs: [...new Set(POLYGLOT_CHECKOUTS.flatMap((langs) => Object.values(langs)))],
  ...polyglotRunner,
  analyze: analyzePolyglot,
  section: (analysis, page) => renderPolyglotSection(analysis, page.charts),
  describeSettings: (settings, options) => {
    const measured = measuredCheckouts(options);
    const left = POLYGLOT_CHECKOUTS.slice(measured.length).map((langs) => checkoutName(langs));
    return [
      [
        'checkouts compared (polyglot)',
        `${measured.map((langs) => checkoutName(langs)).join(' and ')}, each at ${settings.ratesPerSecond.join(', ')} per second${left.length > 0 ? ` (${left.join(', ')}: --scenario polyglot or --full)` : ''}`,
      ],
      ['checkout saturation (polyglot)', settings.saturation ? 'a closed loop per mode' : 'none in this tier (--full)'],
    ];
  },
  headlines: polyglotHeadlines,
};
