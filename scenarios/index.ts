// Every scenario the bench can run, in the order a run takes them. Consistency goes first: its conformance results
// decide which cells the others measure.
import { consistencyScenario } from './consistency.js';
import { featuresScenario } from './features.js';
import { ipcScenario } from './ipc.js';
import { isolationScenario } from './isolation.js';
import { latencyScenario } from './latency.js';
import { lifecycleScenario } from './lifecycle.js';
import { polyglotScenario } from './polyglot.js';
import { profileScenario } from './profile.js';
import { propagationScenario } from './propagation.js';
import { resilienceScenario } from './resilience.js';
import { resourcesScenario } from './resources.js';
import { scaleScenario } from './scale.js';
import type { Scenario } from './scenario.js';
import { upgradeScenario } from './upgrade.js';

export const SCENARIOS: Scenario<unknown>[] = [
  consistencyScenario, ipcScenario, latencyScenario, polyglotScenario, resourcesScenario, scaleScenario, featuresScenario, propagationScenario, profileScenario,
  isolationScenario, resilienceScenario, lifecycleScenario, upgradeScenario,
];
