// Report section of the profile scenario: where the profiled process spent its CPU, and the .cpuprofile files.
import type { ProfileData } from './run.js';
import { escapeHtml, formatNumber, table } from '../../scripts/report/html.js';
import { validityCell } from '../../scripts/report/sections/validity.js';

export function renderProfileSection(data: ProfileData): string {
  const files = data.files.map(
    (file) => `
<h3>${escapeHtml(file.role)}: <a href="${escapeHtml(file.path)}">${escapeHtml(file.path)}</a></h3>
<p>${formatNumber(file.totalMillis, 0, 'ms')} of samples. Open the file in Chrome DevTools (Performance panel, Load profile)
or VS Code for the flame chart.</p>
${table(
  ['function', 'self time', 'share'],
  file.topFunctions.map((fn) => [escapeHtml(fn.function), formatNumber(fn.selfMillis, 1, 'ms'), formatNumber(fn.selfPercent, 1, '%')]),
)}`,
  );
  return `
<p>${escapeHtml(data.lang)}/${escapeHtml(data.mode)} under ${data.ratePerSecond} req/s for ${data.seconds} s, profiled with
${escapeHtml(data.tool)}. Load step: ${validityCell(data.validity)}.</p>
${files.join('\n') || '<p class="muted">No profile file was written.</p>'}
<p class="note">Why this matters: the top self-time functions show what the per-request cost is made of: in a sidecar,
mostly HTTP parsing and socket work of the proxy (the hop), in a library the feature's own bookkeeping.
<code>(idle)</code> is time the process waited for work; <code>(garbage collector)</code> is allocation pressure.</p>`;
}
