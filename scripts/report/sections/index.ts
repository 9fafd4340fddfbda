// One renderer per scenario: its title and how its raw data becomes a section.
import type { RunResults, ScenarioId } from '../../results/types.js';
import type { ChartRegistry } from '../html.js';
import { renderConsistencySection } from '../../../scenarios/consistency/section.js';
import { renderFeaturesSection } from '../../../scenarios/features/section.js';
import { renderIpcSection } from '../../../scenarios/ipc/section.js';
import { renderIsolationSection } from '../../../scenarios/isolation/section.js';
import { renderLatencySection } from '../../../scenarios/latency/section.js';
import { renderPolyglotSection } from '../../../scenarios/polyglot/section.js';
import { renderProfileSection } from '../../../scenarios/profile/section.js';
import { renderLifecycleSection } from '../../../scenarios/lifecycle/section.js';
import { renderPropagationSection } from '../../../scenarios/propagation/section.js';
import { renderResilienceSection } from '../../../scenarios/resilience/section.js';
import { renderResourcesSection } from '../../../scenarios/resources/section.js';
import { renderScaleSection } from '../../../scenarios/scale/section.js';
import { renderUpgradeSection } from '../../../scenarios/upgrade/section.js';

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
