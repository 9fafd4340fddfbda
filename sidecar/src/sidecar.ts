// Composes the sidecar: the five features (the library's Feature interface, its start order), ingress, admin and the local API.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { Agent } from 'undici';
import configDefaults from '../../spec/config.defaults.json' with { type: 'json' };
import { egressSettingsOf } from '../../library/ts/src/egress/client.js';
import { inStartOrder, type Feature, type FeatureName } from '../../library/ts/src/feature.js';
import type { RegistryFeature } from '../../library/ts/src/registry/feature.js';
import { RegistryResolver, type Resolver } from '../../library/ts/src/registry/resolver.js';
import type { Settings } from '../../library/ts/src/settings.js';
import type { AppliedConfig, BusinessMetrics, ConfigDocument } from '../../library/ts/src/types.js';
import { startAdmin, type Readiness } from './admin/server.js';
import { startGrpcApi, type GrpcApi } from './api/grpc.js';
import { startHttpApi } from './api/http.js';
import { LocalApi } from './api/operations.js';
import type { SidecarOptions } from './cli.js';
import { SidecarConfigFeature } from './config/feature.js';
import { SidecarEgressFeature } from './egress/feature.js';
import { guessAppLang } from './logs/app-lang.js';
import { SidecarLogsFeature } from './logs/feature.js';
import { AppPidFinder } from './metrics/app-pid.js';
import { createSidecarMetrics } from './metrics/feature.js';
import type { LocalFastify } from './net/local-servers.js';
import { Ingress } from './proxy/ingress.js';
import { RouteMatcher } from './proxy/routes.js';
import { AppHealth } from './registry/app-health.js';
import { createSidecarRegistration } from './registry/feature.js';

export interface SidecarSetup {
  options: SidecarOptions;
  features: readonly FeatureName[];
  settings: Settings;
}

const ignoredBusinessMetrics: BusinessMetrics = { count: () => undefined };
/** After deregistering, peers get this long to see it before ingress stops accepting. */
const DEREGISTRATION_PROPAGATION_SECONDS = 0.25;
const LOGS_STOP_FLUSH_MAX_SECONDS = 5;

export class Sidecar {
  private readonly options: SidecarOptions;
  private readonly settings: Settings;
  private readonly enabled: ReadonlySet<FeatureName>;
  private readonly registry = new Registry();
  // The control plane's connections: blocking queries, heartbeats, log exports.
  private readonly controlplane = new Agent({ keepAliveTimeout: 10_000 });
  private readonly appPid: AppPidFinder;
  private readonly health: AppHealth;
  private features: Feature[] = [];
  private config: SidecarConfigFeature | undefined;
  private logs: SidecarLogsFeature | undefined;
  private registration: RegistryFeature | undefined;
  private ingress: Ingress | undefined;
  private servers: Array<LocalFastify | GrpcApi> = [];
  private standaloneResolver: RegistryResolver | undefined;
  private ingressOpen = false;
  private stopping: Promise<void> | undefined;

  constructor(setup: SidecarSetup) {
    this.options = setup.options;
    this.settings = setup.settings;
    this.enabled = new Set(setup.features);
    this.appPid = new AppPidFinder(this.options.appPort, this.options.appPid);
    const s = this.settings;
    this.health = new AppHealth({
      url: `http://127.0.0.1:${this.options.appPort}/health`,
      intervalSeconds: s['registry.healthCheckIntervalSeconds'],
      timeoutSeconds: s['registry.healthCheckTimeoutSeconds'],
      failureThreshold: s['registry.healthCheckFailureThreshold'],
      processGone: () => this.appProcessGone(),
      onChange: () => void this.registration?.refresh(),
    });
  }

  /** Listeners first (ingress answers 503 until servable, admin /live once all are bound), then the features in the library's start order. */
  async start(): Promise<void> {
    const o = this.options;
    await mkdir(o.dataDir, { recursive: true });
    const routes = await RouteMatcher.load(o.routesFile, o.service);
    this.features = inStartOrder(await this.createFeatures());
    const metrics = this.features.find((f) => f.name === 'metrics') as ReturnType<typeof createSidecarMetrics> | undefined;

    const api = this.localApi(metrics?.business ?? ignoredBusinessMetrics);
    if (o.api.length > 0) this.servers.push(await startHttpApi(api, o.api));
    if (o.grpc.length > 0) this.servers.push(await startGrpcApi(api, o.grpc));
    const observers = this.features.filter((f) => f.observe !== undefined);
    this.ingress = new Ingress({
      appPort: o.appPort,
      routes,
      observe: (exchange) => {
        for (let i = 0; i < observers.length; i++) observers[i]!.observe!(exchange);
      },
      isOpen: () => this.ingressOpen || this.openIngressIfServable(),
    });
    await this.ingress.listen(o.publicHost, o.publicPort);
    // Admin last: once /live answers, ingress and the local API are bound (egress binds when its feature starts).
    this.servers.push(await startAdmin({ registry: metrics ? this.registry : undefined, readiness: () => this.readiness() }, o.admin));

    this.health.start();
    for (const feature of this.features) await feature.start();
  }

  readiness(): Readiness {
    const conditions: Record<string, boolean> = { app: this.health.healthy };
    if (this.config) conditions.config = this.config.hasConfig;
    if (this.registration) conditions.registered = this.registration.isRegistered;
    const ready = this.stopping === undefined && Object.values(conditions).every(Boolean);
    return { ready, conditions };
  }

  /**
   * SIGTERM: deregister first (peers stop sending), stop accepting and drain in-flight requests
   * within --grace-seconds, then stop the other features in reverse start order (egress after
   * the drain: in-flight requests may still call out), flushing the logs.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const deadline = performance.now() + this.options.graceSeconds * 1000;
      await this.registration?.stop();
      if (this.registration) await sleep(Math.min(DEREGISTRATION_PROPAGATION_SECONDS, this.options.graceSeconds));
      await this.ingress?.drain(Math.max(0, (deadline - performance.now()) / 1000));
      await this.health.stop();
      for (const feature of [...this.features].reverse()) {
        if (feature === this.registration) continue;
        if (feature === this.logs) {
          const remainingSeconds = (deadline - performance.now()) / 1000;
          await this.logs.stop(Math.min(LOGS_STOP_FLUSH_MAX_SECONDS, Math.max(1, remainingSeconds))).catch(() => undefined);
        } else {
          await feature.stop().catch(() => undefined);
        }
      }
      this.standaloneResolver?.close();
      for (const server of this.servers) await server.close().catch(() => undefined);
      await this.controlplane.destroy().catch(() => undefined);
    })();
    return this.stopping;
  }

  /** The app may be listed and served: healthy, and its config in the file. */
  private servable(): boolean {
    return this.health.healthy && (this.config === undefined || this.config.hasConfig);
  }

  private openIngressIfServable(): boolean {
    if (this.servable()) this.ingressOpen = true;
    return this.ingressOpen;
  }

  private async appProcessGone(): Promise<boolean> {
    return this.appPid.lastKnown !== undefined && (await this.appPid.current()) === undefined;
  }

  private async createFeatures(): Promise<Feature[]> {
    const o = this.options;
    const s = this.settings;
    const common = { controlplaneUrl: o.controlplaneUrl, registry: this.registry };
    const features: Feature[] = [];
    if (this.enabled.has('config')) {
      this.config = new SidecarConfigFeature({
        ...common,
        dispatcher: this.controlplane,
        service: o.service,
        configFile: o.configFile!,
        defaults: defaultsOf(o.service),
        waitSeconds: s['config.waitSeconds'],
        retryBackoffSeconds: s['config.retryBackoffSeconds'],
        fileDebounceSeconds: s['config.fileDebounceSeconds'],
        onWritten: () => void this.registration?.refresh(),
      });
      features.push(this.config);
    }
    if (this.enabled.has('metrics')) features.push(createSidecarMetrics(this.registry, this.appPid));
    if (this.enabled.has('logs')) {
      const lang = o.appLang ?? (await guessAppLang(await this.appPid.current()));
      this.logs = new SidecarLogsFeature({
        ...common,
        dispatcher: this.controlplane,
        logFile: o.logFile!,
        positionFile: join(o.dataDir, 'logs-position.json'),
        resource: { serviceName: o.service, instanceId: o.instanceId, mode: 'sidecar', lang },
        settings: {
          batchMaxRecords: s['logs.batchMaxRecords'],
          flushIntervalSeconds: s['logs.flushIntervalSeconds'],
          queueMaxRecords: s['logs.queueMaxRecords'],
          exportTimeoutSeconds: s['logs.exportTimeoutSeconds'],
          retryBackoffSeconds: s['logs.retryBackoffSeconds'],
          retryBackoffMaxSeconds: s['logs.retryBackoffMaxSeconds'],
        },
      });
      const logs = this.logs;
      if (this.config) {
        logs.setLevel(this.config.current().config.logLevel);
        this.config.pull.onConfig((applied: AppliedConfig) => logs.setLevel(applied.config.logLevel));
      }
      features.push(logs);
    }
    if (this.enabled.has('registry')) {
      this.registration = createSidecarRegistration({
        ...common,
        dispatcher: this.controlplane,
        registration: {
          service: o.service,
          id: o.instanceId,
          address: o.publicHost,
          port: o.publicPort,
          ttlSeconds: s['registry.ttlSeconds'],
        },
        heartbeatIntervalSeconds: s['registry.heartbeatIntervalSeconds'],
        eligible: () => this.servable(),
      });
      features.push(this.registration);
    }
    if (this.enabled.has('egress')) {
      features.push(
        new SidecarEgressFeature({ ...common, controlplaneDispatcher: this.controlplane, settings: egressSettingsOf(s), port: o.egressPort }),
      );
    }
    return features;
  }

  private localApi(business: BusinessMetrics): LocalApi {
    const logs = this.logs;
    const config = this.config;
    const defaults: AppliedConfig = { version: 0, config: defaultsOf(this.options.service) };
    return new LocalApi({
      business,
      events: logs && {
        emit: (level, event, msg, fields) => logs.emit(level, event, msg, fields),
        level: () => (config ? config.current().config.logLevel : defaults.config.logLevel),
      },
      config: () => (config ? config.current() : defaults),
      resolver: this.resolver(),
    });
  }

  private resolver(): Resolver {
    const egress = this.features.find((f): f is SidecarEgressFeature => f instanceof SidecarEgressFeature);
    if (egress) return egress.resolver;
    this.standaloneResolver ??= new RegistryResolver({ controlplaneUrl: this.options.controlplaneUrl, dispatcher: this.controlplane });
    return this.standaloneResolver;
  }
}

/** spec/config.defaults.json for the three services; a service the file does not know logs at info. */
function defaultsOf(service: string): ConfigDocument {
  return (configDefaults as Record<string, ConfigDocument | string>)[service] as ConfigDocument | undefined ?? { logLevel: 'info' };
}

function sleep(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}
