// Every scenario the bench can run, in the order a run takes them.
import { featuresScenario } from './features.js';
import { ipcScenario } from './ipc.js';
import { latencyScenario } from './latency.js';
import { profileScenario } from './profile.js';
import { propagationScenario } from './propagation.js';
import { resourcesScenario } from './resources.js';
import { scaleScenario } from './scale.js';
import type { Scenario } from './scenario.js';
import { upgradeScenario } from './upgrade.js';

export const SCENARIOS: Scenario<unknown>[] = [ipcScenario, latencyScenario, resourcesScenario, scaleScenario, featuresScenario, propagationScenario, profileScenario, upgradeScenario];
