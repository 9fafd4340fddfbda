// The egress call: discovery, round robin, per-try timeout, retries with backoff and a budget, circuits.
import type { Registry } from 'prom-client';
import { Agent, type Dispatcher } from 'undici';
import spec from '../../../../spec/features.json' with { type: 'json' };
import { systemClock, type Clock } from '../clock.js';
import type { Resolver } from '../registry/resolver.js';
import type { Settings } from '../settings.js';
import type { Egress, EgressRequest, EgressResponse } from '../types.js';
import { fullJitterSeconds } from './backoff.js';
import { egressErrorResponse } from './errors.js';
import { EgressMetrics, type CircuitReading } from './metrics.js';
import { TargetState } from './target.js';
import { sendTry, type TryOutcome, type TryRequest } from './try.js';

export interface EgressSettings {
  tryTimeoutSeconds: number;
  maxAttempts: number;
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  retryBudgetRatio: number;
  retryBudgetMinPerSecond: number;
  retryBudgetWindowSeconds: number;
  circuitFailureThreshold: number;
  circuitOpenSeconds: number;
}

export function egressSettingsOf(settings: Settings): EgressSettings {
  return {
    tryTimeoutSeconds: settings['egress.tryTimeoutSeconds'],
    maxAttempts: settings['egress.maxAttempts'],
    backoffBaseSeconds: settings['egress.backoffBaseSeconds'],
    backoffMaxSeconds: settings['egress.backoffMaxSeconds'],
    retryBudgetRatio: settings['egress.retryBudgetRatio'],
    retryBudgetMinPerSecond: settings['egress.retryBudgetMinPerSecond'],
    retryBudgetWindowSeconds: settings['egress.retryBudgetWindowSeconds'],
    circuitFailureThreshold: settings['egress.circuitFailureThreshold'],
    circuitOpenSeconds: settings['egress.circuitOpenSeconds'],
  };
}

export interface EgressClientOptions {
  resolver: Resolver;
  settings: EgressSettings;
  /** Where the scl_egress_* metrics go; none when absent. */
  registry?: Registry;
  /** Default: an own keep-alive Agent, closed by close(). */
  dispatcher?: Dispatcher;
  random?: () => number;
  clock?: Clock;
}

const IDEMPOTENT_METHODS = new Set(spec.egress.idempotentMethods);
const RETRYABLE_STATUSES = new Set(spec.egress.retryableStatuses);
// Hop-by-hop headers and those undici computes itself: never forwarded.
const DROPPED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
]);

export class EgressClient implements Egress {
  private readonly settings: EgressSettings;
  private readonly resolver: Resolver;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly random: () => number;
  private readonly clock: Clock;
  private readonly now: () => number;
  private readonly metrics: EgressMetrics | undefined;
  private readonly targets = new Map<string, TargetState>();

  constructor(options: EgressClientOptions) {
    this.settings = options.settings;
    this.resolver = options.resolver;
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000 });
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? systemClock;
    this.now = () => this.clock.now();
    this.metrics = options.registry ? new EgressMetrics(options.registry, () => this.circuitReadings()) : undefined;
  }

  /** Never rejects: a call that cannot be made answers a synthesized egress error. */
  async request(service: string, request: EgressRequest): Promise<EgressResponse> {
    const startedAt = this.clock.now();
    const method = typeof request.method === 'string' ? request.method.toUpperCase() : 'GET';
    let response: EgressResponse;
    try {
      response = await this.call(service, method, request);
    } catch {
      // Only a bug gets here (every expected failure is a TryOutcome); the caller still gets an answer.
      response = egressErrorResponse('connect_error', 0);
    }
    this.metrics?.call(service, method, response.errorKind ?? String(response.status), (this.clock.now() - startedAt) / 1000);
    return response;
  }

  /** Every circuit egress keeps, with its state now. */
  *circuitReadings(): Generator<CircuitReading> {
    for (const [target, state] of this.targets) {
      for (const { instance, state: circuit } of state.circuitStates()) yield { target, instance, state: circuit };
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.destroy();
  }

  private async call(service: string, method: string, request: EgressRequest): Promise<EgressResponse> {
    let resolution = await this.resolver.resolve(service);
    if (!resolution.known) return egressErrorResponse('unknown_service', 0);
    if (resolution.instances.length === 0) return egressErrorResponse('no_instance', 0);
    const target = this.target(service);
    const { headers, hasIdempotencyKey } = outgoingHeaders(request.headers);
    const mayRetry = hasIdempotencyKey || IDEMPOTENT_METHODS.has(method);
    const tryRequest: TryRequest = { method, path: request.path, headers, body: request.body };
    const tried: string[] = [];
    let last: TryOutcome | undefined;
    target.budget.recordCall();
    for (let attempt = 1; ; attempt++) {
      target.sync(resolution.instances);
      const instance = target.balancer.pick(resolution.instances, target.circuitOf, tried);
      if (instance === undefined) {
        return last === undefined ? egressErrorResponse('circuit_open', 0) : answerOf(last, attempt - 1);
      }
      if (attempt > 1) this.metrics?.retry(service);
      const circuit = target.circuitOf(instance);
      circuit.beginTry();
      tried.push(instance.id);
      last = await sendTry(this.dispatcher, instance, tryRequest, this.settings.tryTimeoutSeconds);
      if (!failsCircuit(last)) circuit.recordSuccess();
      else if (circuit.recordFailure()) this.metrics?.circuitOpenedOn(service);
      if (!isRetryable(last) || !mayRetry || attempt >= this.settings.maxAttempts) return answerOf(last, attempt);
      if (!target.budget.tryRetry()) {
        this.metrics?.retryBudgetExhausted(service);
        return answerOf(last, attempt);
      }
      const waitSeconds = fullJitterSeconds(attempt, this.settings.backoffBaseSeconds, this.settings.backoffMaxSeconds, this.random);
      if (waitSeconds > 0) await this.clock.sleep(waitSeconds * 1000);
      resolution = await this.resolver.resolve(service);
      if (resolution.instances.length === 0) return answerOf(last, attempt);
    }
  }

  private target(service: string): TargetState {
    let target = this.targets.get(service);
    if (target === undefined) {
      const s = this.settings;
      target = new TargetState(
        { failureThreshold: s.circuitFailureThreshold, openSeconds: s.circuitOpenSeconds },
        { ratio: s.retryBudgetRatio, minPerSecond: s.retryBudgetMinPerSecond, windowSeconds: s.retryBudgetWindowSeconds },
        this.now,
      );
      this.targets.set(service, target);
    }
    return target;
  }
}

/** Connect errors, timeouts and any 5xx count against an instance's circuit. */
function failsCircuit(outcome: TryOutcome): boolean {
  return outcome.kind !== 'response' || outcome.status >= 500;
}

/** Connect errors, timeouts and 502/503/504 may be retried; a 500 is the downstream's answer. */
function isRetryable(outcome: TryOutcome): boolean {
  return outcome.kind !== 'response' || RETRYABLE_STATUSES.has(outcome.status);
}

function answerOf(outcome: TryOutcome, attempts: number): EgressResponse {
  if (outcome.kind === 'response') {
    return { status: outcome.status, headers: outcome.headers, body: outcome.body, attempts };
  }
  return egressErrorResponse(outcome.kind, attempts);
}

function outgoingHeaders(given: Record<string, string> | undefined): {
  headers: Record<string, string>;
  hasIdempotencyKey: boolean;
} {
  const headers: Record<string, string> = {};
  let hasIdempotencyKey = false;
  for (const name in given) {
    const lower = name.toLowerCase();
    if (DROPPED_HEADERS.has(lower)) continue;
    if (lower === 'idempotency-key') hasIdempotencyKey = true;
    headers[lower] = given[name]!;
  }
  return { headers, hasIdempotencyKey };
}
