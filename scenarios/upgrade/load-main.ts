// The rollout load as its own process: checkouts at a fixed rate, round robin over the instances the registry lists now.
// Reads "stop" on stdin, then waits for what is in flight and prints its result as one JSON line.
import { createInterface } from 'node:readline';
import { Pool, type Dispatcher } from 'undici';
import { RegistryResolver, type ServiceInstance } from '../../library/ts/src/registry/resolver.js';
import { LOAD_PARENT_SPAN_ID, loadRequestId, loadTraceId, type RolloutLoadOptions, type RolloutLoadResult } from './load-types.js';

const options = JSON.parse(process.argv[2] ?? '{}') as RolloutLoadOptions;
const CHECKOUT_BODY = JSON.stringify({ customerId: 1, amountCents: 1250, currency: 'EUR' });
const TICK_MILLIS = 1;

const resolver = new RegistryResolver({ controlplaneUrl: options.controlplaneUrl, waitSeconds: 5 });
const pools = new Map<string, Pool>();
const result: RolloutLoadResult = { startEpochMillis: 0, ratePerSecond: options.ratePerSecond, intendedMillis: [], latencyMicros: [], status: [], error: [], instance: [] };
let pending = 0;
let roundRobin = 0;

function poolOf(instance: ServiceInstance): Pool {
  const origin = `http://${instance.address}:${instance.port}`;
  let pool = pools.get(origin);
  if (pool === undefined) {
    const timeoutMillis = options.timeoutSeconds * 1000;
    pool = new Pool(origin, { connections: options.connections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: timeoutMillis, bodyTimeout: timeoutMillis });
    pools.set(origin, pool);
  }
  return pool;
}

/** One request's outcome, written into the result arrays at its index. */
class Outcome implements Dispatcher.DispatchHandler {
  private statusCode = 0;
  constructor(private readonly index: number, private readonly intendedMillis: number) {}
  onRequestStart(): void {}
  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.statusCode = statusCode;
  }
  onResponseData(): void {}
  onResponseEnd(): void {
    this.finish(this.statusCode, '');
  }
  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const code = (error as { code?: string }).code ?? error.name;
    // Still unanswered when the run ended and the pools were destroyed: a timeout, not a refusal.
    this.finish(0, /TIMEOUT/.test(code) || (stopping && code === 'UND_ERR_DESTROYED') ? 'timeout' : code);
  }
  private finish(status: number, error: string): void {
    pending--;
    result.status[this.index] = status;
    result.error[this.index] = error;
    result.latencyMicros[this.index] = status === 0 ? -1 : Math.round((performance.now() - this.intendedMillis) * 1000);
  }
}

function send(index: number, intendedMillis: number): void {
  result.intendedMillis[index] = Math.round((intendedMillis - startMillis) * 1000) / 1000;
  const resolution = resolver.resolve(options.service);
  const instances = 'then' in resolution ? [] : resolution.instances;
  if (instances.length === 0) {
    result.status[index] = 0;
    result.error[index] = 'no_instance';
    result.latencyMicros[index] = -1;
    result.instance[index] = '';
    return;
  }
  const instance = instances[roundRobin++ % instances.length] as ServiceInstance;
  result.instance[index] = instance.id;
  pending++;
  poolOf(instance).dispatch(
    {
      origin: `http://${instance.address}:${instance.port}`,
      method: 'POST',
      path: '/checkout',
      headers: { 'content-type': 'application/json', 'x-request-id': loadRequestId(index), traceparent: `00-${loadTraceId(index)}-${LOAD_PARENT_SPAN_ID}-01` },
      body: CHECKOUT_BODY,
    },
    new Outcome(index, intendedMillis),
  );
}

// The first resolve starts the watch; the schedule starts once the registry answered.
await resolver.resolve(options.service);
const startMillis = performance.now() + 5;
result.startEpochMillis = Date.now() + 5;
const intervalMillis = 1000 / options.ratePerSecond;
let next = 0;
let stopping = false;

process.stdout.write(`${JSON.stringify({ event: 'started', startEpochMillis: result.startEpochMillis })}\n`);
const timer = setInterval(() => {
  const now = performance.now();
  // Overdue requests keep their intended time: a stall of this process is measured, not hidden.
  while (!stopping && startMillis + next * intervalMillis <= now) {
    send(next, startMillis + next * intervalMillis);
    next++;
  }
}, TICK_MILLIS);

createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line.trim() !== 'stop' || stopping) return;
  stopping = true;
  clearInterval(timer);
  const deadline = performance.now() + options.timeoutSeconds * 1000 + 500;
  while (pending > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  for (let i = 0; i < next; i++) {
    if (result.status[i] === undefined) {
      result.status[i] = 0;
      result.error[i] = 'timeout';
      result.latencyMicros[i] = -1;
    }
  }
  resolver.close();
  await Promise.all([...pools.values()].map((pool) => pool.destroy().catch(() => undefined)));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
});
