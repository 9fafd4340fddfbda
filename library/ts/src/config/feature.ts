// The `config` feature in-process: the config in use, hot-reloaded from the pull loop.
import type { Registry } from 'prom-client';
import type { Dispatcher } from 'undici';
import type { Feature } from '../feature.js';
import { setCounterTotal, specCounter, specGauge } from '../metrics/definitions.js';
import type { AppliedConfig, ConfigDocument } from '../types.js';
import type { ConfigErrorReason } from './answer.js';
import { ConfigPuller } from './client.js';

export interface ConfigFeatureOptions {
  controlplaneUrl: string;
  service: string;
  /** Built-in config, version 0 until a first good pull. */
  defaults: ConfigDocument;
  waitSeconds: number;
  retryBackoffSeconds: number;
  /** How long start() waits for the first answer before going on with the defaults. */
  firstPullSeconds?: number;
  registry?: Registry;
  dispatcher?: Dispatcher;
}

type Listener = (applied: AppliedConfig) => void;

export class ConfigFeature implements Feature {
  readonly name = 'config';
  private applied: AppliedConfig;
  private appliedCount = 0;
  private readonly errors: Record<ConfigErrorReason, number> = { fetch: 0, empty: 0, invalid_json: 0, schema: 0 };
  private readonly listeners: Listener[] = [];
  private readonly puller: ConfigPuller;
  private readonly firstPullSeconds: number;

  constructor(options: ConfigFeatureOptions) {
    this.applied = { version: 0, config: options.defaults };
    this.firstPullSeconds = options.firstPullSeconds ?? 1.5;
    this.puller = new ConfigPuller({
      controlplaneUrl: options.controlplaneUrl,
      service: options.service,
      waitSeconds: options.waitSeconds,
      retryBackoffSeconds: options.retryBackoffSeconds,
      dispatcher: options.dispatcher,
      onApplied: (applied) => this.apply(applied),
      onRejected: (reason) => this.errors[reason]++,
    });
    if (options.registry) this.registerMetrics(options.registry);
  }

  /** The config in use; cheap, callable per request. */
  current(): AppliedConfig {
    return this.applied;
  }

  /** Answers not applied so far, by reason. */
  errorCounts(): Readonly<Record<ConfigErrorReason, number>> {
    return this.errors;
  }

  onConfig(listener: Listener): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    await this.puller.start(this.firstPullSeconds);
  }

  async stop(): Promise<void> {
    await this.puller.stop();
  }

  private apply(applied: AppliedConfig): void {
    this.applied = applied;
    this.appliedCount++;
    for (const listener of this.listeners) {
      try {
        listener(applied);
      } catch {
        // A failing listener is the app's bug; the config is applied and the loop goes on.
      }
    }
  }

  private registerMetrics(registry: Registry): void {
    const feature = this;
    specGauge(registry, 'scl_config_version', function () {
      this.set(feature.applied.version);
    });
    specCounter(registry, 'scl_config_applied_total', function () {
      setCounterTotal(this, feature.appliedCount);
    });
    specCounter(registry, 'scl_config_errors_total', function () {
      this.reset();
      for (const reason of Object.keys(feature.errors) as ConfigErrorReason[]) this.inc({ reason }, feature.errors[reason]);
    });
  }
}
