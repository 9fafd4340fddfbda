// The sidecar process: its features (built in features.ts), ingress, admin and the local API; readiness and shutdown.
import { mkdir } from 'node:fs/promises';
import { Registry } from 'prom-client';
import { Agent } from 'undici';
import type { FeatureName } from '../../library/ts/src/feature.js';
import { RegistryResolver, type Resolver } from '../../library/ts/src/registry/resolver.js';
import type { Settings } from '../../library/ts/src/settings.js';
import type { AppliedConfig, BusinessMetrics } from '../../library/ts/src/types.js';
import { startAdmin, type AdminOptions, type Readiness } from './admin/server.js';
import { startGrpcApi, type GrpcApi } from './api/grpc.js';
import { startHttpApi } from './api/http.js';
import { LocalApi } from './api/operations.js';
import type { SidecarOptions } from './cli.js';
import { configDefaultsOf, createFeatures, type SidecarFeatures } from './features.js';
import type { SidecarEgressFeature } from './egress/feature.js';
import { AppPidFinder } from './metrics/app-pid.js';
import type { LocalFastify } from './net/local-servers.js';
import { Ingress } from './proxy/ingress.js';
import { RouteMatcher } from './proxy/routes.js';
import { AppHealth } from './registry/app-health.js';

export interface SidecarSetup {
  options: SidecarOptions;
  features: readonly FeatureName[];
  settings: Settings;
  /** Set when this sidecar is one app of an agent (agent.ts): what the agent's apps share instead of owning. */
  host?: SharedHost;
}

/** An agent's one ambassador and control-plane connections; its admin and API listeners route to each app. */
export interface SharedHost {
  egress: SidecarEgressFeature | undefined;
  /** The ambassador's metrics: each app's /metrics shows them beside its own. */
  egressRegistry: Registry;
  controlplane: Agent;
}

const ignoredBusinessMetrics: BusinessMetrics = { count: () => undefined };
/** After deregistering, peers get this long to see it before ingress stops accepting. */
const DEREGISTRATION_PROPAGATION_SECONDS = 0.25;
const LOGS_STOP_FLUSH_MAX_SECONDS = 5;

export class Sidecar {
  private readonly options: SidecarOptions;
  private readonly setup: SidecarSetup;
  private readonly registry = new Registry();
  private readonly controlplane: Agent;
  private readonly appPid: AppPidFinder;
  private readonly health: AppHealth;
  private features: SidecarFeatures = { inStartOrder: [] };
  private ingress: Ingress | undefined;
  private servers: Array<LocalFastify | GrpcApi> = [];
  private standaloneResolver: RegistryResolver | undefined;
  private ingressOpen = false;
  /** Every feature started: the ambassador listens (it binds when egress, the last feature, starts). */
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(setup: SidecarSetup) {
    this.setup = setup;
    this.options = setup.options;
    this.controlplane = setup.host?.controlplane ?? new Agent({ keepAliveTimeout: 10_000 });
    this.appPid = new AppPidFinder(this.options.appPort, this.options.appPid);
    const s = setup.settings;
    this.health = new AppHealth({
      url: `http://127.0.0.1:${this.options.appPort}/health`,
      intervalSeconds: s['registry.healthCheckIntervalSeconds'],
      timeoutSeconds: s['registry.healthCheckTimeoutSeconds'],
      failureThreshold: s['registry.healthCheckFailureThreshold'],
      processGone: async () => this.appPid.lastKnown !== undefined && (await this.appPid.current()) === undefined,
      onChange: () => void this.features.registration?.refresh(),
    });
  }

  get instanceId(): string {
    return this.options.instanceId;
  }

  /** Listeners first (ingress answers 503 until servable, admin /live once they are bound), then the features in order. */
  async start(): Promise<void> {
    const o = this.options;
    const api = await this.listen();
    if (o.api.length > 0) this.servers.push(await startHttpApi(api, o.api));
    if (o.grpc.length > 0) this.servers.push(await startGrpcApi(api, o.grpc));
    // Admin last: once /live answers, ingress and the local API are bound (egress binds when its feature starts).
    this.servers.push(await startAdmin(this.admin(), o.admin));
    await this.startFeatures();
  }

  /** /metrics and /ready of this app: its own admin listener's, or its routes on its agent's. */
  admin(): AdminOptions {
    const host = this.setup.host;
    const own = this.registry;
    // Read at each scrape, so a metric registered after start-up is shown too; the names of the two never overlap.
    const withEgress = host?.egress !== undefined && {
      contentType: own.contentType,
      metrics: async () => `${await own.metrics()}\n${await host.egressRegistry.metrics()}`,
    };
    const registry = this.features.metrics === undefined ? undefined : withEgress || own;
    return { registry, readiness: () => this.readiness() };
  }

  /** The features made and ingress bound (answering 503 until the app is servable); returns the local API's operations. */
  async listen(): Promise<LocalApi> {
    const o = this.options;
    await mkdir(o.dataDir, { recursive: true });
    const routes = await RouteMatcher.load(o.routesFile, o.service);
    this.features = await createFeatures({
      options: o,
      settings: this.setup.settings,
      enabled: new Set(this.setup.features),
      registry: this.registry,
      controlplane: this.controlplane,
      appPid: this.appPid,
      servable: () => this.servable(),
      ...(this.setup.host?.egress !== undefined ? { sharedEgress: this.setup.host.egress } : {}),
    });
    const { metrics, inStartOrder } = this.features;

    const api = this.localApi(metrics?.business ?? ignoredBusinessMetrics);
    const observers = inStartOrder.filter((f) => f.observe !== undefined);
    this.ingress = new Ingress({
      appPort: o.appPort,
      routes,
      observe: (exchange) => {
        for (let i = 0; i < observers.length; i++) observers[i]!.observe!(exchange);
      },
      isOpen: () => this.ingressOpen || this.openIngressIfServable(),
    });
    await this.ingress.listen(o.publicHost, o.publicPort);
    return api;
  }

  /** The app's health checks, then the features in the library's start order; an agent's ambassador started before. */
  async startFeatures(): Promise<void> {
    const { inStartOrder } = this.features;
    this.health.start();
    for (const feature of inStartOrder) await feature.start();
    this.started = true;
    // Registration may have started before egress bound its port: it lists the app only now.
    void this.features.registration?.refresh();
  }

  readiness(): Readiness {
    const { config, registration } = this.features;
    const conditions: Record<string, boolean> = { app: this.health.healthy };
    if (config) conditions.config = config.hasConfig;
    if (registration) conditions.registered = registration.isRegistered;
    const ready = this.started && this.stopping === undefined && Object.values(conditions).every(Boolean);
    return { ready, conditions };
  }

  /**
   * SIGTERM: deregister first (peers stop sending), stop accepting and drain in-flight requests
   * within --grace-seconds, then stop the other features in reverse start order (egress after
   * the drain: in-flight requests may still call out), flushing the logs.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const { registration, logs, inStartOrder } = this.features;
      const deadline = performance.now() + this.options.graceSeconds * 1000;
      const remainingSeconds = () => Math.max(0, (deadline - performance.now()) / 1000);
      if (registration) {
        await registration.stop();
        await sleep(Math.min(DEREGISTRATION_PROPAGATION_SECONDS, this.options.graceSeconds));
      }
      await this.ingress?.drain(remainingSeconds());
      await this.health.stop();
      for (const feature of [...inStartOrder].reverse()) {
        if (feature === registration) continue;
        const stopped =
          feature === logs ? logs.stop(Math.min(LOGS_STOP_FLUSH_MAX_SECONDS, Math.max(1, remainingSeconds()))) : feature.stop();
        await stopped.catch(() => undefined);
      }
      this.standaloneResolver?.close();
      for (const server of this.servers) await server.close().catch(() => undefined);
      // An agent's connections are its own: it closes them after its last app.
      if (this.setup.host === undefined) await this.controlplane.destroy().catch(() => undefined);
    })();
    return this.stopping;
  }

  /**
   * The app may be listed and served: every feature started (the app's calls out need egress bound), the app
   * healthy, and its config in the file. Found by the upgrade experiment: a replaced sidecar was listed while its
   * ambassador port was not bound yet, and the app answered its first checkouts 502.
   */
  private servable(): boolean {
    const { config } = this.features;
    return this.started && this.health.healthy && (config === undefined || config.hasConfig);
  }

  private openIngressIfServable(): boolean {
    if (this.servable()) this.ingressOpen = true;
    return this.ingressOpen;
  }

  private localApi(business: BusinessMetrics): LocalApi {
    const { logs, config } = this.features;
    const defaults: AppliedConfig = { version: 0, config: configDefaultsOf(this.options.service) };
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

  /** The ambassador's resolver when egress is on, so both share one watch per service. */
  private resolver(): Resolver {
    const egress = this.features.egress ?? this.setup.host?.egress;
    if (egress) return egress.resolver;
    this.standaloneResolver ??= new RegistryResolver({ controlplaneUrl: this.options.controlplaneUrl, dispatcher: this.controlplane });
    return this.standaloneResolver;
  }
}

function sleep(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}
