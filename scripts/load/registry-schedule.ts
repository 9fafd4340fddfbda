// The registry-following schedule: each request goes, round robin, to the instances the registry lists as passing
// when it falls due, so the load follows instances as they are replaced (the upgrade rollouts).
import type { Dispatcher } from 'undici';
import { RegistryResolver } from '../../library/ts/src/registry/resolver.js';
import { dispatchOptionsOf, TIMEOUT } from './dispatch.js';
import { generate, type Schedule } from './generator.js';
import type { RegistryLoadOptions, RegistryLoadResult } from './registry-load-types.js';

/** Headers that differ per request (e.g. a request id), added to the options' own. */
export type HeadersOf = (index: number) => Record<string, string>;

class RegistryTargets implements Schedule {
  readonly result: RegistryLoadResult;
  private startMicros = 0;
  private roundRobin = 0;

  constructor(
    private readonly options: RegistryLoadOptions,
    private readonly resolver: RegistryResolver,
    private readonly onStart: (startEpochMillis: number) => void,
    private readonly headersOf: HeadersOf | undefined,
  ) {
    this.result = {
      startEpochMillis: 0,
      ratePerSecond: options.ratePerSecond,
      intendedMillis: [],
      latencyMicros: [],
      status: [],
      error: [],
      instance: [],
    };
  }

  started(startMicros: number, startEpochMillis: number): void {
    this.startMicros = startMicros;
    this.result.startEpochMillis = startEpochMillis;
    this.onStart(startEpochMillis);
  }

  due(index: number, intendedMicros: number): Dispatcher.DispatchOptions | undefined {
    this.result.intendedMillis[index] = Math.round(intendedMicros - this.startMicros) / 1000;
    const resolution = this.resolver.resolve(this.options.service);
    const instances = 'then' in resolution ? [] : resolution.instances;
    const instance = instances.length === 0 ? undefined : instances[this.roundRobin++ % instances.length];
    this.result.instance[index] = instance?.id ?? '';
    if (instance === undefined) {
      this.finish(index, 0, 'no_instance', -1);
      return undefined;
    }
    const { request } = this.options;
    const headers = { ...request.headers, ...this.headersOf?.(index) };
    return dispatchOptionsOf({ ...request, origin: `http://${instance.address}:${instance.port}`, headers }, this.options.timeoutSeconds);
  }

  answered(index: number, intendedMicros: number, status: number, endMicros: number): void {
    this.finish(index, status, '', Math.round(endMicros - intendedMicros));
  }

  failed(index: number, _intendedMicros: number, code: string): void {
    this.finish(index, 0, code, -1);
  }

  /** Requests with no outcome by the end of the drain are timeouts. */
  settleUnanswered(sent: number): void {
    for (let i = 0; i < sent; i++) if (this.result.status[i] === undefined) this.finish(i, 0, TIMEOUT, -1);
  }

  private finish(index: number, status: number, error: string, latencyMicros: number): void {
    this.result.status[index] = status;
    this.result.error[index] = error;
    this.result.latencyMicros[index] = latencyMicros;
  }
}

/** Runs until `stop` (its own process: scenarios/upgrade/load-main.ts); the schedule starts once the registry answered. */
export async function generateFollowingRegistry(
  options: RegistryLoadOptions,
  onStart: (startEpochMillis: number) => void,
  stop: AbortSignal,
  headersOf?: HeadersOf,
): Promise<RegistryLoadResult> {
  const resolver = new RegistryResolver({ controlplaneUrl: options.controlplaneUrl, waitSeconds: 5 });
  try {
    await resolver.resolve(options.service);
    const targets = new RegistryTargets(options, resolver, onStart, headersOf);
    const plan = {
      connections: options.connections,
      timeoutSeconds: options.timeoutSeconds,
      ratePerSecond: options.ratePerSecond,
      count: Infinity,
      idle: 'timers' as const,
      stop,
    };
    const { sent } = await generate(plan, targets);
    targets.settleUnanswered(sent);
    return targets.result;
  } finally {
    resolver.close();
  }
}
