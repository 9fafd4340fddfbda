// Builds the enabled features of one sidecar from its flags and settings, each wired to the others as the rules say.
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { Agent } from 'undici';
import configDefaults from '../../spec/config.defaults.json' with { type: 'json' };
import { egressSettingsOf } from '../../library/ts/src/egress/client.js';
import { inStartOrder, type Feature, type FeatureName } from '../../library/ts/src/feature.js';
import type { MetricsFeature } from '../../library/ts/src/metrics/feature.js';
import type { RegistryFeature } from '../../library/ts/src/registry/feature.js';
import type { Settings } from '../../library/ts/src/settings.js';
import type { ConfigDocument } from '../../library/ts/src/types.js';
import type { SidecarOptions } from './cli.js';
import { SidecarConfigFeature } from './config/feature.js';
import { SidecarEgressFeature } from './egress/feature.js';
import { guessAppLang } from './logs/app-lang.js';
import { SidecarLogsFeature } from './logs/feature.js';
import type { AppPidFinder } from './metrics/app-pid.js';
import { createSidecarMetrics } from './metrics/feature.js';
import { createSidecarRegistration } from './registry/feature.js';

export interface FeatureContext {
  options: SidecarOptions;
  settings: Settings;
  enabled: ReadonlySet<FeatureName>;
  /** Where every feature's metrics go. */
  registry: Registry;
  /** The control plane's connections: blocking queries, heartbeats, log exports. */
  controlplane: Agent;
  appPid: AppPidFinder;
  /** True while the app may be listed: the registration's eligibility. */
  servable: () => boolean;
  /** An agent's one ambassador, started and stopped by the agent: this app's sidecar makes none of its own. */
  sharedEgress?: SidecarEgressFeature;
}

/** The enabled features, in the library's start order, and each by name (undefined when disabled). */
export interface SidecarFeatures {
  inStartOrder: Feature[];
  config?: SidecarConfigFeature;
  metrics?: MetricsFeature;
  logs?: SidecarLogsFeature;
  registration?: RegistryFeature;
  egress?: SidecarEgressFeature;
}

export async function createFeatures(context: FeatureContext): Promise<SidecarFeatures> {
  const { options: o, settings: s, enabled } = context;
  const common = { controlplaneUrl: o.controlplaneUrl, registry: context.registry };
  const composed: SidecarFeatures = { inStartOrder: [] };

  if (enabled.has('config')) {
    composed.config = new SidecarConfigFeature({
      ...common,
      dispatcher: context.controlplane,
      service: o.service,
      configFile: o.configFile!,
      defaults: configDefaultsOf(o.service),
      waitSeconds: s['config.waitSeconds'],
      retryBackoffSeconds: s['config.retryBackoffSeconds'],
      fileDebounceSeconds: s['config.fileDebounceSeconds'],
      // The file written makes the app servable: register it now, not at the next heartbeat.
      onWritten: () => void composed.registration?.refresh(),
    });
  }
  if (enabled.has('metrics')) composed.metrics = createSidecarMetrics(context.registry, context.appPid);
  if (enabled.has('logs')) {
    const lang = o.appLang ?? (await guessAppLang(await context.appPid.current()));
    const logs = new SidecarLogsFeature({
      ...common,
      logFile: o.logFile!,
      positionFile: join(o.dataDir, 'logs-position.json'),
      resource: { serviceName: o.service, instanceId: o.instanceId, mode: o.placement, lang },
      faultSwitch: process.env.SCL_TEST_HOOKS === '1',
      faultThread: process.env.SCL_TEST_FAULT_THREAD === 'main' ? 'main' : 'worker',
      settings: {
        batchMaxRecords: s['logs.batchMaxRecords'],
        flushIntervalSeconds: s['logs.flushIntervalSeconds'],
        queueMaxRecords: s['logs.queueMaxRecords'],
        exportTimeoutSeconds: s['logs.exportTimeoutSeconds'],
        retryBackoffSeconds: s['logs.retryBackoffSeconds'],
        retryBackoffMaxSeconds: s['logs.retryBackoffMaxSeconds'],
      },
    });
    // Events from the local API follow the config's logLevel, as the library's logger does.
    const { config } = composed;
    if (config) {
      logs.setLevel(config.current().config.logLevel);
      config.pull.onConfig((applied) => logs.setLevel(applied.config.logLevel));
    }
    composed.logs = logs;
  }
  if (enabled.has('registry')) {
    composed.registration = createSidecarRegistration({
      ...common,
      dispatcher: context.controlplane,
      registration: {
        service: o.service,
        id: o.instanceId,
        address: o.publicHost,
        port: o.publicPort,
        ttlSeconds: s['registry.ttlSeconds'],
      },
      heartbeatIntervalSeconds: s['registry.heartbeatIntervalSeconds'],
      eligible: context.servable,
    });
  }
  if (enabled.has('egress') && context.sharedEgress === undefined) {
    composed.egress = new SidecarEgressFeature({
      ...common,
      controlplaneDispatcher: context.controlplane,
      settings: egressSettingsOf(s),
      port: o.egressPort,
    });
  }
  const { config, metrics, logs, registration, egress } = composed;
  composed.inStartOrder = inStartOrder([config, metrics, logs, registration, egress].filter((f) => f !== undefined));
  return composed;
}

/** spec/config.defaults.json for the three services; a service the file does not know logs at info. */
export function configDefaultsOf(service: string): ConfigDocument {
  return ((configDefaults as Record<string, unknown>)[service] as ConfigDocument | undefined) ?? { logLevel: 'info' };
}
