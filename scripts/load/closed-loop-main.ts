// Child program: one autocannon step (options as one JSON argument), its summary as one JSON line on stdout.
import autocannon from 'autocannon';
import type { ClosedLoopOptions, ClosedLoopResult } from './closed-loop-types.js';

const raw = process.argv[2];
if (raw === undefined) {
  process.stderr.write("usage: node closed-loop-main.js '<ClosedLoopOptions as JSON>'\n");
  process.exit(2);
}
const options = JSON.parse(raw) as ClosedLoopOptions;
const result = await autocannon({
  url: options.url,
  ...(options.socketPath ? { socketPath: options.socketPath } : {}),
  method: options.method as autocannon.Request['method'],
  ...(options.headers ? { headers: options.headers } : {}),
  ...(options.body !== undefined ? { body: options.body } : {}),
  connections: options.connections,
  duration: options.durationSeconds,
  // autocannon's `amount` would override the duration; maxOverallRequests keeps it as the bound.
  ...(options.maxRequests !== undefined ? { maxOverallRequests: options.maxRequests } : {}),
  timeout: options.timeoutSeconds,
});
const summary: ClosedLoopResult = {
  connections: options.connections,
  durationSeconds: result.duration,
  requestsPerSecond: result.requests.total / result.duration,
  requests: result.requests.total,
  errors: result.errors - result.timeouts,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  latencyMillis: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
