// The `metrics` feature: inbound request metrics, the app's process metrics and business counters.
import type { Registry } from 'prom-client';
import type { Exchange, Feature } from '../feature.js';
import type { MetricsExposition } from '../types.js';
import { BusinessCounters } from './business.js';
import { HttpServerMetrics } from './http-server.js';
import { registerAppProcessMetrics, sampleOwnProcess, type SampleAppProcess } from './process.js';

export interface MetricsFeatureOptions {
  /** The instance's registry; the other features register their metrics in it too. */
  registry: Registry;
  /** Default: this process. */
  sampleProcess?: SampleAppProcess;
}

export class MetricsFeature implements Feature {
  readonly name = 'metrics';
  readonly business: BusinessCounters;
  private readonly registry: Registry;
  private readonly http: HttpServerMetrics;

  constructor(options: MetricsFeatureOptions) {
    this.registry = options.registry;
    this.http = new HttpServerMetrics(this.registry);
    this.business = new BusinessCounters(this.registry);
    registerAppProcessMetrics(this.registry, options.sampleProcess ?? sampleOwnProcess);
  }

  async start(): Promise<void> {}

  observe(exchange: Exchange): void {
    this.http.observe(exchange);
  }

  async scrape(): Promise<MetricsExposition> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  async stop(): Promise<void> {}
}
