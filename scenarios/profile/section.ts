// Report section of the profile scenario: where each profiled process spent its CPU in the measured window, as flame
// graphs side by side and top-function tables, and the .cpuprofile files.
import type { ProfileData, ProfileFile } from './run.js';
import { escapeHtml, formatNumber, table } from '../../scripts/report/html.js';
import { flameGraph } from '../../scripts/report/flamegraph.js';
import { validityCell } from '../../scripts/report/sections/validity.js';

function flameCaption(file: ProfileFile): string {
  const busy = file.totalMillis - file.flame.idleMillis;
  const folded = file.flame.foldedFrames > 0 ? `; ${file.flame.foldedFrames} frames too small to draw are folded into (other)` : '';
  return `${file.role}: ${formatNumber(busy, 0, 'ms')} on the CPU over a profile of ${formatNumber(file.profiledMillis, 0, 'ms')}; (idle), ${formatNumber(file.flame.idleMillis, 0, 'ms')}, is left out${folded}. Each frame's width is its time with its callees; click a frame to zoom.`;
}

function topFunctions(file: ProfileFile): string {
  return `
<h3>${escapeHtml(file.role)}: <a href="${escapeHtml(file.path)}">${escapeHtml(file.path)}</a></h3>
<p>${formatNumber(file.totalMillis, 0, 'ms')} of samples. The file opens in Chrome DevTools (Performance panel, Load profile) or VS Code.</p>
${table(
  ['function', 'self time', 'share'],
  file.topFunctions.map((fn) => [escapeHtml(fn.function), formatNumber(fn.selfMillis, 1, 'ms'), formatNumber(fn.selfPercent, 1, '%')]),
)}`;
}

export function renderProfileSection(data: ProfileData): string {
  const roles = data.files.map((file) => file.role).join(' and ');
  const graphs = data.files.map((file) => `<div>${flameGraph(`flame-${file.role}`, file.flame.root, flameCaption(file))}</div>`);
  return `
<p>${escapeHtml(data.lang)}/${escapeHtml(data.mode)} under ${data.ratePerSecond} req/s, profiled with ${escapeHtml(data.tool)}.
The profiled window is the measured load window alone: ${formatNumber(data.windowMillis, 0, 'ms')} from the signal that
started the profilers to the one that stopped them, for a ${data.seconds} s window (the signals follow the load generator's
reports of where its schedule is, so the edges are off by ${formatNumber(data.windowMillis - data.seconds * 1000, 0, 'ms')} in all).
Not profiled: the processes' start (module loading), the ${data.warmupSeconds} s warm-up load before the window, and the
generator's wait for the last answers after it. Load step: ${validityCell(data.validity)}.</p>
${data.files.length === 0 ? '<p class="muted">No profile file was written.</p>' : `<p>Where the CPU of the ${escapeHtml(roles)} went in that window, side by side:</p><div class="flames">${graphs.join('')}</div>`}
${data.files.map(topFunctions).join('\n')}
<p class="note">Why this matters: the top self-time functions show what the per-request cost is made of: in a sidecar,
mostly HTTP parsing and socket work of the proxy (the hop), in a library the feature's own bookkeeping.
<code>(idle)</code> is time the process waited for work; <code>(garbage collector)</code> is allocation pressure.</p>`;
}
