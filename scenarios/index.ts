// Every scenario the bench can run, in the order a run takes them.
import { ipcScenario } from './ipc.js';
import { latencyScenario } from './latency.js';
import type { Scenario } from './scenario.js';

export const SCENARIOS: Scenario<unknown>[] = [ipcScenario, latencyScenario];
