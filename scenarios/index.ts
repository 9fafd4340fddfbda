// Every scenario the bench can run, in the order a run takes them: the only list. Adding a scenario is its folder and
// one line here. Consistency goes first: its conformance results decide which cells the others measure.
import type { AnyScenario } from '../scripts/engine/scenario.js';
import { blastScenario } from './blast/index.js';
import { consistencyScenario } from './consistency/index.js';
import { featuresScenario } from './features/index.js';
import { ipcScenario } from './ipc/index.js';
import { isolationScenario } from './isolation/index.js';
import { latencyScenario } from './latency/index.js';
import { lifecycleScenario } from './lifecycle/index.js';
import { polyglotScenario } from './polyglot/index.js';
import { profileScenario } from './profile/index.js';
import { propagationScenario } from './propagation/index.js';
import { resilienceScenario } from './resilience/index.js';
import { resourcesScenario } from './resources/index.js';
import { scaleScenario } from './scale/index.js';
import { upgradeScenario } from './upgrade/index.js';

export const SCENARIOS: readonly AnyScenario[] = [
  consistencyScenario,
  ipcScenario,
  latencyScenario,
  polyglotScenario,
  resourcesScenario,
  scaleScenario,
  featuresScenario,
  propagationScenario,
  profileScenario,
  isolationScenario,
  blastScenario,
  resilienceScenario,
  lifecycleScenario,
  upgradeScenario,
];
