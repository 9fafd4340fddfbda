// One renderer per scenario: its title and how its raw data becomes a section.
import type { ScenarioId } from '../../results/types.js';
import type { ChartRegistry } from '../html.js';
import { renderFeaturesSection } from './features.js';
import { renderIpcSection } from './ipc.js';
import { renderLatencySection } from './latency.js';
import { renderProfileSection } from './profile.js';
import { renderPropagationSection } from './propagation.js';
import { renderResourcesSection } from './resources.js';
import { renderScaleSection } from './scale.js';
import { renderUpgradeSection } from './upgrade.js';

export interface SectionRenderer {
  title: string;
  render(data: never, charts: ChartRegistry): string;
}

export const SECTION_RENDERERS: Record<ScenarioId, SectionRenderer> = {
  latency: { title: 'Latency added per request', render: renderLatencySection },
  resources: { title: 'CPU and memory per role', render: renderResourcesSection },
  scale: { title: 'Cost as instances grow', render: renderScaleSection },
  ipc: { title: 'Per-call cost of local channels', render: renderIpcSection },
  features: { title: 'What each feature costs', render: renderFeaturesSection },
  propagation: { title: 'Config propagation', render: renderPropagationSection },
  profile: { title: 'CPU profile under load', render: renderProfileSection },
  upgrade: { title: 'One upgrade, every instance', render: renderUpgradeSection },
};
