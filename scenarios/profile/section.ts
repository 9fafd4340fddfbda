// Report section of the profile scenario: where each profiled process spent its CPU in the measured window, as flame
// graphs side by side and top-function tables, and the .cpuprofile files.
import type { ProfileData, ProfiledCell, ProfileFile } from './run.js';
import { escapeHtml, formatNumber, table } from '../../scripts/report/html.js';
import { flameGraph } from '../../scripts/report/flamegraph.js';
import { validityCell } from '../../scripts/report/sections/validity.js';

/** `ts/sidecar: the app`, the words every graph and table of one process is named by. */
function processName(cell: ProfiledCell, file: ProfileFile): string {
  return `${cell.lang}/${cell.mode}: the ${file.role}`;
}

function flameCaption(cell: ProfiledCell, file: ProfileFile): string {
  const busy = file.totalMillis - file.flame.idleMillis;
  const folded = file.flame.foldedFrames > 0 ? `; ${file.flame.foldedFrames} frames too small to draw are folded into (other)` : '';
  return `${processName(cell, file)}, ${formatNumber(busy, 0, 'ms')} on the CPU over a profile of ${formatNumber(file.profiledMillis, 0, 'ms')}; (idle), ${formatNumber(file.flame.idleMillis, 0, 'ms')}, is left out${folded}. Each frame's width is its time with its callees; click a frame to zoom.`;
}

function windowSentence(cell: ProfiledCell, data: ProfileData): string {
  return `<li>${escapeHtml(cell.lang)}/${escapeHtml(cell.mode)}: ${formatNumber(cell.windowMillis, 0, 'ms')} from the signal that
started its profilers to the one that stopped them, for a ${data.seconds} s window (off by
${formatNumber(cell.windowMillis - data.seconds * 1000, 0, 'ms')} in all); load step: ${validityCell(cell.validity)}.</li>`;
}

function topFunctions(cell: ProfiledCell, file: ProfileFile): string {
  return `
<h3>${escapeHtml(processName(cell, file))}: <a href="${escapeHtml(file.path)}">${escapeHtml(file.path)}</a></h3>
<p>${formatNumber(file.totalMillis, 0, 'ms')} of samples. The file opens in Chrome DevTools (Performance panel, Load profile) or VS Code.</p>
${table(
  ['function', 'self time', 'share'],
  file.topFunctions.map((fn) => [escapeHtml(fn.function), formatNumber(fn.selfMillis, 1, 'ms'), formatNumber(fn.selfPercent, 1, '%')]),
)}`;
}

export function renderProfileSection(data: ProfileData): string {
  const processes = data.cells.flatMap((cell) => cell.files.map((file) => ({ cell, file })));
  const graphs = processes.map(
    ({ cell, file }) => `<div>${flameGraph(`flame-${cell.mode}-${file.role}`, file.flame.root, flameCaption(cell, file))}</div>`,
  );
  return `
<p>Each cell under ${data.ratePerSecond} req/s, profiled with ${escapeHtml(data.tool)}. The profiled window is the measured
load window alone: the signals follow the load generator's reports of where its schedule is. Not profiled: the processes'
start (module loading), the ${data.warmupSeconds} s warm-up load before the window, and the generator's wait for the last
answers after it.</p>
<ul>${data.cells.map((cell) => windowSentence(cell, data)).join('')}</ul>
${processes.length === 0 ? '<p class="muted">No profile file was written.</p>' : `<p>Where the CPU of each process went in its window, side by side:</p><div class="flames">${graphs.join('')}</div>`}
${processes.map(({ cell, file }) => topFunctions(cell, file)).join('\n')}
<p class="note">Why this matters: the top self-time functions show what the per-request cost is made of: in a sidecar,
mostly HTTP parsing and socket work of the proxy (the hop), in a library the feature's own bookkeeping.
<code>(idle)</code> is time the process waited for work; <code>(garbage collector)</code> is allocation pressure.</p>`;
}
