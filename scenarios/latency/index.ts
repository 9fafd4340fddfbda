// The latency scenario as the engine sees it: everything this experiment is, registered by one line in scenarios/index.ts.
import { tierShares, type ScenarioPlugin } from '../../scripts/engine/scenario.js';
import { analyzeLatency } from './analysis.js';
import { latencyClaims } from './claims.js';
import dataSchema from './data.schema.json' with { type: 'json' };
import { AGENT_LEFT_OUT_OF_QUICK, ONE_INSTANCE_HOP_MODES } from '../common/one-app-agent.js';
import { latencyHeadlines } from './headlines.js';
import { latencyRunner, type LatencySettings } from './run.js';
import { renderLatencySection } from './section.js';
import type { LatencyData } from './types.js';

export const latencyScenario: ScenarioPlugin<LatencyData, ReturnType<typeof analyzeLatency>, LatencySettings> = {
  id: 'latency',
  title: 'Latency added per request',
  topology: 'single',
  // Mode native too: HAProxy in front of the app, the floor each sidecar figure is set against; and mode agent, one
  // agent serving the one app (left out of the quick tier's default modes: AGENT_LEFT_OUT_OF_QUICK).
  modes: ONE_INSTANCE_HOP_MODES,
  dataSchema,
  tiers: tierShares({
    settings: {
      smoke: { curveFractions: [], curveMaxRatePerSecond: 1000, saturation: true, jitWarmupRequests: 0 },
      quick: { curveFractions: [], curveMaxRatePerSecond: 3000, saturation: false, jitWarmupRequests: 2000 },
      full: { curveFractions: [0.25, 0.5, 0.75, 0.9, 1], curveMaxRatePerSecond: 3000, saturation: true, jitWarmupRequests: 2000 },
    },
    modesLeftOutOf: { quick: AGENT_LEFT_OUT_OF_QUICK },
  }),
  needsCalibration: true,
  ...latencyRunner,
  analyze: analyzeLatency,
  section: (analysis, page) => renderLatencySection(analysis, page.charts, page.results.environment.pinning.applied),
  describeSettings: (settings) => [
    [
      'saturation (closed loop)',
      settings.saturation ? 'measured per cell' : 'not measured in this tier (no curve to place; --full measures it)',
    ],
    [
      'latency-vs-rate curve',
      settings.curveFractions.length === 0
        ? 'not measured'
        : `${settings.curveFractions.map((f) => `${f * 100}%`).join(', ')} of each language's highest saturation, capped at ${settings.curveMaxRatePerSecond} req/s; one repetition`,
    ],
    [
      'warm-up before the first window',
      settings.jitWarmupRequests > 0
        ? `${settings.jitWarmupRequests} requests per cell, closed loop, not recorded (a JIT optimises by calls counted)`
        : settings.saturation
          ? 'the saturation step, before every fixed rate'
          : 'only the warm-up before each window',
    ],
  ],
  headlines: latencyHeadlines,
  claims: latencyClaims,
};
