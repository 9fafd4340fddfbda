// Report section of the ipc scenario: per-call cost on a log scale and what it means.
import type { IpcAnalysis, SocketSaving } from './analysis.js';
import { barChart } from '../../scripts/report/charts.js';
import { type ChartRegistry, escapeHtml, formatInterval, formatNanos, table } from '../../scripts/report/html.js';

export function renderIpcSection({ data, figures, socketSavings }: IpcAnalysis, charts: ChartRegistry): string {
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
socket. ${reps} repetition(s), each a fresh client process running tinybench for ${data.taskMillis} ms per channel${howTimed(data)}; ${escapeHtml(data.placement)}.</p>
${chart}
${table(['channel', 'p50 per call [95% CI]', 'p99 per call [95% CI]', 'extra over in-process'], rows)}
<p class="note">Why: an in-process call is a jump within one address space, nanoseconds. Any out-of-process channel
pays system calls on both sides, a copy through the kernel, a wake-up of the other process (on a busy core, a
context switch), and the protocol's own framing and parsing: tens to hundreds of microseconds. A Unix socket skips
the TCP/IP stack, so it is expected to cost less than loopback TCP; ${socketSavings.map(savingSentence).join('; ')}. gRPC adds HTTP/2
framing and protobuf.
"Fast" local communication is fast for a network, not for a function call: this is the per-call price a
sidecar's local API charges and a library does not.</p>`;
}

function howTimed(data: IpcAnalysis['data']): string {
  const warm = data.warmAllMillis === undefined ? '' : `, after ${data.warmAllMillis} ms of calling every channel in turn`;
  const order = data.rotated === true ? ', the network channels timed in an order that rotates by repetition' : '';
  return `${warm}${order}`;
}

/** What this run says of a Unix socket against TCP loopback, from the interval of the difference, not from expectation. */
export function savingSentence({ protocol, udsMinusTcpNanos: difference }: SocketSaving): string {
  const name = protocol === 'http' ? 'HTTP' : 'gRPC';
  if (difference === null) return `for ${name} this run has no pair of figures to compare`;
  const interval = formatInterval(difference, formatNanos);
  if (difference.withinNoise) return `for ${name} this run could not tell the two apart (socket minus TCP per call: ${interval})`;
  return difference.median < 0
    ? `for ${name} the socket saved ${formatNanos(-difference.median)} per call in this run (socket minus TCP: ${interval})`
    : `for ${name} the socket cost ${formatNanos(difference.median)} more per call in this run (socket minus TCP: ${interval})`;
}
