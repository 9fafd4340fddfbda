// Report section of the isolation scenario (placeholder while the section is written).
import type { IsolationData } from '../../../scenarios/isolation.js';
import type { ChartRegistry } from '../html.js';

export function renderIsolationSection(data: IsolationData, _charts: ChartRegistry): string {
  return `<p>${data.episodes.length} episodes</p>`;
}
