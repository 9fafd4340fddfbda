// Every scenario the bench can run, in the order a run takes them. Consistency goes first: its conformance results
// decide which cells the others measure.
import { consistencyScenario } from './consistency/run.js';
import { featuresScenario } from './features/run.js';
import { ipcScenario } from './ipc/run.js';
import { isolationScenario } from './isolation/run.js';
import { latencyScenario } from './latency/run.js';
import { lifecycleScenario } from './lifecycle/run.js';
import { polyglotScenario } from './polyglot/run.js';
import { profileScenario } from './profile/run.js';
import { propagationScenario } from './propagation/run.js';
import { resilienceScenario } from './resilience/run.js';
import { resourcesScenario } from './resources/run.js';
import { scaleScenario } from './scale/run.js';
import type { Scenario } from '../scripts/engine/scenario.js';
import { upgradeScenario } from './upgrade/run.js';

export const SCENARIOS: Scenario<unknown>[] = [
  consistencyScenario, ipcScenario, latencyScenario, polyglotScenario, resourcesScenario, scaleScenario, featuresScenario, propagationScenario, profileScenario,
  isolationScenario, resilienceScenario, lifecycleScenario, upgradeScenario,
];
