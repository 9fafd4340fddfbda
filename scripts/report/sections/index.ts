// One renderer per scenario: its title and how its raw data becomes a section.
import type { RunResults, ScenarioId } from '../../results/types.js';
import type { ChartRegistry } from '../html.js';
import { renderConsistencySection } from './consistency.js';
import { renderFeaturesSection } from './features.js';
import { renderIpcSection } from './ipc.js';
import { renderIsolationSection } from './isolation.js';
import { renderLatencySection } from './latency.js';
import { renderPolyglotSection } from './polyglot.js';
import { renderProfileSection } from './profile.js';
import { renderLifecycleSection } from './lifecycle.js';
import { renderPropagationSection } from './propagation.js';
import { renderResilienceSection } from './resilience.js';
import { renderResourcesSection } from './resources.js';
import { renderScaleSection } from './scale.js';
import { renderUpgradeSection } from './upgrade.js';

export interface SectionRenderer {
  title: string;
  /** `results`: the whole run, for a section that also shows run-wide facts (the consistency section's code sizes). */
  render(data: never, charts: ChartRegistry, results: RunResults): string;
}

export const SECTION_RENDERERS: Record<ScenarioId, SectionRenderer> = {
  consistency: { title: 'Consistency: one conformance suite, every implementation', render: (data: never, charts: ChartRegistry, results: RunResults) => renderConsistencySection(data, charts, results.codebase) },
  polyglot: { title: 'Checkout across three languages', render: renderPolyglotSection },
  latency: { title: 'Latency added per request', render: renderLatencySection },
  resources: { title: 'CPU and memory per role', render: renderResourcesSection },
  scale: { title: 'Cost as instances grow', render: renderScaleSection },
  ipc: { title: 'Per-call cost of local channels', render: renderIpcSection },
  features: { title: 'What each feature costs', render: renderFeaturesSection },
  propagation: { title: 'Config propagation', render: renderPropagationSection },
  profile: { title: 'CPU profile under load', render: renderProfileSection },
  isolation: { title: 'Isolation: faults in the cross-cutting work', render: renderIsolationSection },
  resilience: { title: 'Resilience: the ambassador under downstream faults', render: renderResilienceSection },
  lifecycle: { title: 'Lifecycle: requests failed while starting and stopping', render: renderLifecycleSection },
  upgrade: { title: 'One upgrade, every instance', render: renderUpgradeSection },
};
