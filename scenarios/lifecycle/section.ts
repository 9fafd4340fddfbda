// Report section of the lifecycle scenario: requests failed while an instance starts and stops, per mode and stop order.
import type { LifecycleData } from './run.js';
import type { FaultAnalysis, LifecycleFigures } from '../common/fault-analysis.js';
import { type ChartRegistry, escapeHtml, table } from '../../scripts/report/html.js';
import { failedShareChart } from '../common/fault-timelines.js';
import { failureKinds, logsCell, seconds } from '../common/fault-format.js';

export function renderLifecycleSection({ data, figures }: FaultAnalysis<LifecycleData, LifecycleFigures>, charts: ChartRegistry): string {
  const label = (run: { lang: string; mode: string; stopOrder: string }) =>
    `${run.mode} (${run.lang})${run.mode === 'sidecar' ? ` ${run.stopOrder}` : ''}`;
  const chart = charts.add(
    failedShareChart(data.runs.map((run) => ({ label: label(run), timeline: run.timeline }))),
    'Requests failed per time bucket from before the spawn to after the exit (each run on its own timeline)',
  );
  const rows = figures.map((figure) => [
    escapeHtml(label(figure)),
    seconds(figure.secondsToServing),
    `${figure.failedBeforeServing.failed} of ${figure.failedBeforeServing.requests}${failureKinds(figure.failedBeforeServing)}`,
    `<strong>${figure.failedWhileStarting}</strong>`,
    `<strong>${figure.failedWhileStopping}</strong>`,
    figure.mode === 'none' ? '<span class="muted">no registry</span>' : seconds(figure.listedAfterStopSeconds),
    `${figure.failedAfterUnlisted}`,
    seconds(figure.stopSeconds),
    escapeHtml(figure.exits.map((exit) => `${exit.role}: ${exit.exit}`).join(', ')),
    logsCell(figure.logs),
  ]);
  return `
<p>A client sends ${escapeHtml(data.request)} at ${data.ratePerSecond} req/s. The instance is spawned, serves for
${data.servingSeconds} s once the harness sees it ready, and is stopped with SIGTERM. A client that follows the registry
sends to an instance only while it is listed, so what counts against a mode is a request that failed while the instance
was listed (mode none has no registry: from the first 200 of <code>/health</code> until the process exited). In sidecar
mode the stop order is varied: <em>app-first</em> (the order Kubernetes gives native sidecars), <em>sidecar-first</em>, and
<em>together</em> (what Kubernetes does with ordinary containers: SIGTERM to all at once). Only time buckets
(${data.bucketSeconds * 1000} ms) wholly inside a phase are counted.
${data.plan === 'short' ? '<strong>This is the short version of the default quick run</strong>; <code>npm run bench -- --scenario lifecycle</code> runs every cell and stop order.' : ''}</p>
${chart}
${table(['run', 'spawn → listed (none: ready)', 'failed before it was listed', 'failed while listed, starting', 'failed while listed, stopping', 'still listed after SIGTERM', 'failed after it left the registry', 'SIGTERM → exit', 'exits', 'log records'], rows)}
<p class="note">Why: a library registers from inside the app once its server listens, and deregisters first when it stops,
so it is listed exactly while the app can answer. A sidecar must learn both from outside: it registers the app only after
the app's <code>/health</code> answered and the config file is written (so sidecar mode takes longer to be listed: two
processes to start, and a health check between them), and it deregisters the app at once on its own SIGTERM or when it
sees the app's process gone. Requests that fail after deregistration reach only a client that ignores the registry (the
ingress answers 502 while the sidecar outlives its app, or the port refuses). Ordering matters where one process goes
before the other has let go: with <em>together</em>, the app may close while the sidecar still forwards to it.</p>`;
}
