// createLibrary: composes the enabled features of one process in the start order of feature.ts.
import { Registry } from 'prom-client';
import { Agent } from 'undici';
import { ConfigFeature } from './config/feature.js';
import { disabledEgress, EgressFeature } from './egress/feature.js';
import { egressSettingsOf } from './egress/client.js';
import { FEATURE_NAMES, inStartOrder, type Exchange, type Feature } from './feature.js';
import { LogsFeature } from './logs/feature.js';
import { silentLogger } from './logs/logger.js';
import { MetricsFeature } from './metrics/feature.js';
import { RegistryClient } from './registry/client.js';
import { RegistryFeature } from './registry/feature.js';
import { loadSettings, type Settings } from './settings.js';
import type { AppliedConfig, BusinessMetrics, Library, LibraryOptions } from './types.js';

/** Timeout of one registry call (register, heartbeat, deregister). */
const REGISTRY_CALL_TIMEOUT_SECONDS = 2;
const ignoredBusinessMetrics: BusinessMetrics = { count: () => undefined };

/**
 * A disabled feature leaves a cheap stand-in: a logger that writes nothing, business counts
 * ignored, scrape() undefined, config() the built-in defaults at version 0, egress answering
 * no_instance without sending anything.
 */
export function createLibrary(options: LibraryOptions): Library {
  const settings: Settings = options.settings ?? loadSettings(process.env);
  const enabled = new Set(options.features ?? FEATURE_NAMES);
  const registry = new Registry();
  // The control plane's connections (blocking queries, heartbeats, log exports), apart from egress.
  const controlplaneDispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const common = { controlplaneUrl: options.controlplaneUrl, registry, dispatcher: controlplaneDispatcher };

  const config = enabled.has('config')
    ? new ConfigFeature({
        ...common,
        service: options.service,
        defaults: options.configDefaults,
        waitSeconds: settings['config.waitSeconds'],
        retryBackoffSeconds: settings['config.retryBackoffSeconds'],
      })
    : undefined;
  const metrics = enabled.has('metrics') ? new MetricsFeature({ registry }) : undefined;
  const logs = enabled.has('logs')
    ? new LogsFeature({
        ...common,
        resource: { serviceName: options.service, instanceId: options.instanceId, mode: options.mode ?? 'library', lang: 'ts' },
        level: options.configDefaults.logLevel,
        faultSwitch: process.env.SCL_TEST_HOOKS === '1',
        settings: {
          batchMaxRecords: settings['logs.batchMaxRecords'],
          flushIntervalSeconds: settings['logs.flushIntervalSeconds'],
          queueMaxRecords: settings['logs.queueMaxRecords'],
          exportTimeoutSeconds: settings['logs.exportTimeoutSeconds'],
          retryBackoffSeconds: settings['logs.retryBackoffSeconds'],
          retryBackoffMaxSeconds: settings['logs.retryBackoffMaxSeconds'],
        },
      })
    : undefined;
  const registration = enabled.has('registry')
    ? new RegistryFeature({
        client: new RegistryClient({ ...common, timeoutSeconds: REGISTRY_CALL_TIMEOUT_SECONDS }),
        registration: {
          service: options.service,
          id: options.instanceId,
          address: options.advertise.address,
          port: options.advertise.port,
          ttlSeconds: settings['registry.ttlSeconds'],
        },
        heartbeatIntervalSeconds: settings['registry.heartbeatIntervalSeconds'],
        registry,
      })
    : undefined;
  const egress = enabled.has('egress')
    ? new EgressFeature({ ...common, controlplaneDispatcher, settings: egressSettingsOf(settings) })
    : undefined;

  const composed: Feature[] = [config, metrics, logs, registration, egress].filter((f) => f !== undefined);
  const features = inStartOrder(composed);
  const observers = features.filter((f): f is Feature & Required<Pick<Feature, 'observe'>> => f.observe !== undefined);
  const defaults: AppliedConfig = { version: 0, config: options.configDefaults };
  if (logs && config) {
    logs.logger.setLevel(config.current().config.logLevel);
    config.onConfig((applied) => logs.logger.setLevel(applied.config.logLevel));
  }

  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  return {
    features,
    log: logs?.logger ?? silentLogger,
    metrics: metrics?.business ?? ignoredBusinessMetrics,
    egress: egress?.client ?? disabledEgress,
    config: config ? () => config.current() : () => defaults,
    onConfig: (listener) => config?.onConfig(listener),
    scrape: async () => (metrics ? metrics.scrape() : undefined),
    observe(exchange: Exchange): void {
      for (let i = 0; i < observers.length; i++) observers[i]!.observe(exchange);
    },
    start(): Promise<void> {
      started ??= startAll(features);
      return started;
    },
    deregister(): Promise<void> {
      return registration?.stop() ?? Promise.resolve();
    },
    stop(): Promise<void> {
      stopped ??= (async () => {
        await started?.catch(() => undefined);
        await stopAll(features);
        await controlplaneDispatcher.destroy();
      })();
      return stopped;
    },
  };
}

/** Starts in order; when one fails, stops those already started and rethrows. */
async function startAll(features: readonly Feature[]): Promise<void> {
  const running: Feature[] = [];
  for (const feature of features) {
    try {
      await feature.start();
    } catch (error) {
      await stopAll(running);
      throw error;
    }
    running.push(feature);
  }
}

/** Stops in reverse order; a failing stop does not keep the others from stopping. */
async function stopAll(features: readonly Feature[]): Promise<void> {
  for (const feature of [...features].reverse()) {
    await feature.stop().catch(() => undefined);
  }
}
