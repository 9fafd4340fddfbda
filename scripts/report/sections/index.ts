// One renderer per scenario: its title and how its raw data becomes a section.
import type { ScenarioId } from '../../results/types.js';
import type { ChartRegistry } from '../html.js';
import { renderIpcSection } from './ipc.js';
import { renderLatencySection } from './latency.js';

export interface SectionRenderer {
  title: string;
  render(data: never, charts: ChartRegistry): string;
}

function placeholder(title: string): SectionRenderer {
  return { title, render: () => '<p class="muted">This scenario has no report section yet.</p>' };
}

export const SECTION_RENDERERS: Record<ScenarioId, SectionRenderer> = {
  latency: { title: 'Latency added per request', render: renderLatencySection },
  resources: placeholder('CPU and memory per role'),
  scale: placeholder('Cost as instances grow'),
  ipc: { title: 'Per-call cost of local channels', render: renderIpcSection },
  features: placeholder('What each feature costs'),
  propagation: placeholder('Config propagation'),
  profile: placeholder('CPU profile under load'),
};
