// The `registry` feature in-process: register once listening, heartbeat the TTL, deregister on stop.
import type { Registry } from 'prom-client';
import type { Feature } from '../feature.js';
import { specCounter, specGauge } from '../metrics/definitions.js';
import type { Registration, RegistryClient } from './client.js';

export interface RegistryFeatureOptions {
  client: RegistryClient;
  registration: Registration;
  heartbeatIntervalSeconds: number;
  registry?: Registry;
}

/**
 * A failed registration never fails start(): the next heartbeat tick registers instead, so the
 * app serves while the control plane is down and appears in the registry once it is back.
 */
export class RegistryFeature implements Feature {
  readonly name = 'registry';
  private registered = false;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> = Promise.resolve();
  private readonly cancel = new AbortController();
  private readonly heartbeats: { inc(labels: { result: string }): void } | undefined;

  constructor(private readonly options: RegistryFeatureOptions) {
    if (options.registry) {
      const feature = this;
      specGauge(options.registry, 'scl_registry_registered', function () {
        this.set(feature.registered ? 1 : 0);
      });
      this.heartbeats = specCounter(options.registry, 'scl_registry_heartbeats_total');
    }
  }

  get isRegistered(): boolean {
    return this.registered;
  }

  async start(): Promise<void> {
    this.tick = this.register();
    await this.tick;
    this.schedule();
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.tick;
    if (this.registered) {
      await this.options.client.deregister(this.options.registration.id).catch(() => undefined);
      this.registered = false;
    }
    this.cancel.abort();
  }

  private schedule(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.tick = (this.registered ? this.heartbeat() : this.register()).finally(() => this.schedule());
    }, this.options.heartbeatIntervalSeconds * 1000).unref();
  }

  private async register(): Promise<void> {
    try {
      await this.options.client.register(this.options.registration, this.cancel.signal);
      this.registered = true;
    } catch {
      this.registered = false;
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      const result = await this.options.client.heartbeat(this.options.registration.id, this.cancel.signal);
      this.heartbeats?.inc({ result: result === 'passing' ? 'ok' : 'error' });
      if (result === 'unknown_instance' && !this.stopping) await this.register();
    } catch {
      this.heartbeats?.inc({ result: 'error' });
    }
  }
}
