// Report section of the scale scenario: total memory and idle CPU against instance count, per mode.
import type { ScaleAnalysis } from './analysis.js';
import { lineChart } from '../../scripts/report/charts.js';
import { type ChartRegistry, escapeHtml, formatBytes, formatNumber, table } from '../../scripts/report/html.js';

export function renderScaleSection({ data, lines }: ScaleAnalysis, charts: ChartRegistry): string {
  const mib = 1024 * 1024;
  const memory = charts.add(
    lineChart(
      lines.map((line) => ({
        label: `${line.mode} (${line.lang})`,
        points: line.points.map((p) => ({ x: p.instances, y: p.totalRssBytes / mib })),
      })),
      'instances',
      'total RSS of app + sidecar (or HAProxy), MiB',
    ),
    'Total memory of every instance (app and sidecar processes, or app and HAProxy in mode native) against instance count',
  );
  const perInstance = charts.add(
    lineChart(
      lines.map((line) => ({
        label: `${line.mode} (${line.lang})`,
        points: line.points.map((p) => ({ x: p.instances, y: p.perInstance.rssBytes / mib })),
      })),
      'instances',
      'RSS per instance, MiB',
    ),
    'Memory per instance: the total divided over the instances (in mode agent the one agent of the host shared among them)',
  );
  const cpu = charts.add(
    lineChart(
      lines.map((line) => ({
        label: `${line.mode} (${line.lang})`,
        points: line.points.map((p) => ({ x: p.instances, y: p.idleCpuCores * 100 })),
      })),
      'instances',
      'idle CPU, % of a core',
    ),
    'Idle CPU of every instance together (heartbeats, health checks, config pulls)',
  );
  const rows = lines.map((line) => [
    escapeHtml(`${line.lang}/${line.mode}`),
    formatBytes(line.rssBytesPerInstance),
    formatBytes(line.anonBytesPerInstance),
    formatBytes(line.pssBytesPerInstance),
    line.points.map((p) => `${p.instances}: ${formatBytes(p.totalRssBytes)}, ${formatNumber(p.idleCpuCores * 100, 1, '%')}`).join('<br>'),
    line.points.map((p) => `${p.instances}: ${formatBytes(p.perInstance.rssBytes)}`).join('<br>'),
  ]);
  const agent = lines.some((line) => line.mode === 'agent');
  return `
<p>For each instance count (doubling up to ${data.maxInstances}) a fresh set of instances of one service is started and left
idle before it is sampled. The control plane is shared and not counted here.${agent ? ' In mode agent the host (this machine) has one agent serving every instance: it is counted once, and its memory is divided over the instances in the per-instance figures.' : ''}</p>
${memory}${perInstance}${cpu}
${table(['cell', 'RSS per added instance (slope)', 'private (RssAnon) per added instance', 'PSS per added instance', 'instances: total RSS, idle CPU', 'instances: RSS per instance'], rows)}
<p>Per added instance, RSS counts node's shared file-backed pages again for every node process, though the host pays them
once; private memory (<code>RssAnon</code>) is what each instance surely adds, and PSS charges each process its share of the
shared pages. Memory per role is in the resources section.</p>
<p class="note">Why: every sidecar is a full process, so memory grows by about one sidecar's RSS per instance on top of the
app's; idle CPU grows by what each sidecar does when nothing happens (health checks, heartbeats, blocking queries).
A library's cost grows only by what it adds inside each app. Mode native (HAProxy beside each app, only the hop) is the
floor of a process per instance: what any proxy there costs, so the sidecar's slope above it is the Node runtime's and the features'.</p>`;
}
