// Report section of the ipc scenario: per-call cost on a log scale and what it means.
import type { IpcAnalysis } from './analysis.js';
import { barChart } from '../../scripts/report/charts.js';
import { type ChartRegistry, escapeHtml, formatInterval, formatNanos, table } from '../../scripts/report/html.js';

export function renderIpcSection({ data, figures }: IpcAnalysis, charts: ChartRegistry): string {
  const chart = charts.add(
    barChart(
      ['p50 per call'],
      figures.map((figure) => ({
        label: figure.transport,
        values: [figure.p50Nanos?.median ?? null],
        intervals: [figure.p50Nanos ? { low: figure.p50Nanos.low, high: figure.p50Nanos.high } : null],
      })),
      'nanoseconds per call (log scale)',
      { logarithmic: true },
    ),
    'Per-call cost of each channel, median of repetitions with 95% interval, log scale',
  );
  const rows = figures.map((figure) => [
    escapeHtml(figure.transport),
    formatInterval(figure.p50Nanos, formatNanos),
    formatInterval(figure.p99Nanos, formatNanos),
    figure.overInProcessNanos ? formatInterval(figure.overInProcessNanos, formatNanos) : '<span class="muted">baseline</span>',
  ]);
  const reps = data.repetitions.length;
  return `
<p>The same tiny piece of work (add to a named counter, as recording a business metric does) reached five ways:
a plain function call in the same process, HTTP/1.1 and gRPC, each over TCP loopback and over a Unix domain
socket. ${reps} repetition(s), each a fresh client process running tinybench for ${data.taskMillis} ms per channel; ${escapeHtml(data.placement)}.</p>
${chart}
${table(['channel', 'p50 per call [95% CI]', 'p99 per call [95% CI]', 'extra over in-process'], rows)}
<p class="note">Why: an in-process call is a jump within one address space, nanoseconds. Any out-of-process channel
pays system calls on both sides, a copy through the kernel, a wake-up of the other process (on a busy core, a
context switch), and the protocol's own framing and parsing: tens to hundreds of microseconds. A Unix socket skips
the TCP/IP stack and is usually somewhat cheaper than loopback TCP; gRPC adds HTTP/2 framing and protobuf.
"Fast" local communication is fast for a network, not for a function call: this is the per-call price a
sidecar's local API charges and a library does not.</p>`;
}
