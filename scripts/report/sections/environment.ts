// Report section: the machine, toolchains, commit and options the figures were measured with.
import type { RunResults } from '../../results/types.js';
import { escapeHtml, formatBytes, table } from '../html.js';

export function renderEnvironmentSection(results: RunResults): string {
  const env = results.environment;
  const rows: string[][] = [
    ['CPU', `${escapeHtml(env.cpuModel)}, ${env.cores} cores (${escapeHtml(env.arch)})`],
    ['memory', `${formatBytes(env.memoryBytes)} (${formatBytes(env.freeMemoryBytes)} free at start)`],
    ['OS', `${escapeHtml(env.os)}, kernel ${escapeHtml(env.kernel)}`],
    ['load average at start', escapeHtml(env.loadAverage.map((value) => value.toFixed(2)).join(' / '))],
    ['pinning', `${env.pinning.applied ? 'yes' : 'no'}: ${escapeHtml(env.pinning.note)}`],
    ...Object.entries(env.toolchains).map(([name, version]) => [
      escapeHtml(name),
      version === null ? '<span class="muted">not installed</span>' : escapeHtml(version),
    ]),
    [
      'git commit',
      env.git.commit === null
        ? '<span class="muted">unknown</span>'
        : `<code>${escapeHtml(env.git.commit)}</code>${env.git.dirty ? ' (with uncommitted changes)' : ''} on ${escapeHtml(env.git.branch ?? '?')}`,
    ],
    ['options', `<code>${escapeHtml(JSON.stringify({ ...results.options, outDir: undefined }))}</code>`],
  ];
  return table(['what', 'value'], rows);
}
