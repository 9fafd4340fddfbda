// Discovery: the passing instances of a service, kept fresh by one blocking-query watch per service.
import type { Dispatcher } from 'undici';
import { systemClock, type Clock } from '../clock.js';
import { endpointUrl, fetchText, headerNumber } from '../http/fetch-text.js';

/** spec/controlplane.openapi.yaml #/components/schemas/Instance */
export interface ServiceInstance {
  id: string;
  service: string;
  address: string;
  port: number;
  status: 'passing' | 'critical';
}

export interface Resolution {
  /** False when no instance ever registered under this name: egress answers unknown_service. */
  known: boolean;
  /** Passing instances; empty is a valid answer (no_instance). */
  instances: readonly ServiceInstance[];
}

/** What egress needs from discovery; sync once a service is being watched. */
export interface Resolver {
  resolve(service: string): Resolution | Promise<Resolution>;
}

export interface RegistryResolverOptions {
  controlplaneUrl: string;
  /** Wait of one blocking query. */
  waitSeconds?: number;
  /** Pause after a failed query before the next. */
  retryBackoffSeconds?: number;
  /** How long a first resolve() waits for the registry before answering "no instance". */
  firstAnswerTimeoutSeconds?: number;
  dispatcher?: Dispatcher;
  clock?: Clock;
}

/** A blocking query on an unchanged index answered faster than this did not block. */
const MIN_BLOCKING_MILLIS = 20;

/** The answer while the registry has not answered yet (control plane down): nothing to call. */
export const NOT_RESOLVED: Resolution = Object.freeze({ known: true, instances: Object.freeze([]) });

interface Watch {
  current: Resolution | undefined;
  first: Promise<Resolution>;
}

export class RegistryResolver implements Resolver {
  private readonly watches = new Map<string, Watch>();
  private readonly closing = new AbortController();
  private readonly clock: Clock;
  private readonly waitSeconds: number;
  private readonly retryBackoffSeconds: number;
  private readonly firstAnswerTimeoutSeconds: number;

  constructor(private readonly options: RegistryResolverOptions) {
    this.clock = options.clock ?? systemClock;
    this.waitSeconds = options.waitSeconds ?? 10;
    this.retryBackoffSeconds = options.retryBackoffSeconds ?? 0.5;
    this.firstAnswerTimeoutSeconds = options.firstAnswerTimeoutSeconds ?? 1;
  }

  /** The first call for a service starts its watch and waits for the first answer. */
  resolve(service: string): Resolution | Promise<Resolution> {
    const watch = this.watches.get(service) ?? this.startWatch(service);
    return watch.current ?? watch.first;
  }

  close(): void {
    this.closing.abort();
  }

  private startWatch(service: string): Watch {
    let answered!: (resolution: Resolution) => void;
    const firstAnswer = new Promise<Resolution>((resolve) => (answered = resolve));
    const watch: Watch = { current: undefined, first: firstAnswer };
    const gaveUp = this.clock.sleep(this.firstAnswerTimeoutSeconds * 1000, this.closing.signal).then(() => watch.current ?? NOT_RESOLVED);
    watch.first = Promise.race([firstAnswer, gaveUp]);
    this.watches.set(service, watch);
    if (!this.closing.signal.aborted) {
      void this.watchLoop(service, (resolution) => {
        watch.current = resolution;
        answered(resolution);
      });
    }
    return watch;
  }

  private async watchLoop(service: string, update: (resolution: Resolution) => void): Promise<void> {
    const signal = this.closing.signal;
    const base = endpointUrl(this.options.controlplaneUrl, `/v1/registry/services/${encodeURIComponent(service)}?passing=true`);
    const wait = `&wait=${Math.round(this.waitSeconds * 1000)}ms`;
    // The first query carries no index, so it answers at once, also for a name never registered
    // (index 0 would block until that name appears, and the caller could not tell unknown_service).
    let index: number | undefined;
    while (!signal.aborted) {
      const startedMillis = this.clock.now();
      const url = index === undefined ? base : `${base}&index=${index}${wait}`;
      const nextIndex = await this.query(url, update).catch(() => undefined);
      // A control plane that answers a blocking query at once with the same index would make this
      // loop spin; back off as after a failure.
      const answeredAtOnce = nextIndex === index && this.clock.now() - startedMillis < MIN_BLOCKING_MILLIS;
      if (nextIndex === undefined || answeredAtOnce) await this.clock.sleep(this.retryBackoffSeconds * 1000, signal);
      if (nextIndex !== undefined) index = nextIndex;
    }
  }

  /** One blocking query; the index to block on next, or undefined to back off first. */
  private async query(url: string, update: (resolution: Resolution) => void): Promise<number | undefined> {
    const response = await fetchText(url, {
      timeoutSeconds: this.waitSeconds * 1.5 + 2,
      signal: this.closing.signal,
      dispatcher: this.options.dispatcher,
    });
    if (response.status === 400) {
      // A name the registry refuses can never have instances.
      update({ known: false, instances: [] });
      return undefined;
    }
    if (response.status !== 200) return undefined;
    const body = JSON.parse(response.body) as { known?: unknown; index?: unknown; instances?: unknown };
    const instances = Array.isArray(body.instances) ? (body.instances as ServiceInstance[]).filter(isPassing) : [];
    update({ known: body.known !== false, instances });
    return headerNumber(response.headers, 'x-scl-index') ?? (Number.isSafeInteger(body.index) ? (body.index as number) : undefined);
  }
}

function isPassing(instance: ServiceInstance): boolean {
  return (
    typeof instance === 'object' &&
    instance !== null &&
    instance.status === 'passing' &&
    typeof instance.id === 'string' &&
    typeof instance.address === 'string' &&
    Number.isInteger(instance.port)
  );
}
