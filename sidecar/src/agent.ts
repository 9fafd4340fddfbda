// One sidecar process per host (spec/sidecar-cli.md, "One agent per host"): the sidecar's composition once per app
// (sidecar.ts: ingress, health, registration, config file, log tailing, metrics, each app's own), one ambassador for
// all of them, and one admin and one local API listener that route to each app under /apps/<instance-id>.
import { mkdir } from 'node:fs/promises';
import { Registry } from 'prom-client';
import { Agent } from 'undici';
import { egressSettingsOf } from '../../library/ts/src/egress/client.js';
import type { FeatureName } from '../../library/ts/src/feature.js';
import type { Settings } from '../../library/ts/src/settings.js';
import type { AgentOptions } from './agent-cli.js';
import { addAdminRoutes } from './admin/server.js';
import { addApiRoutes, handleApiErrors, localApiServer } from './api/http.js';
import type { LocalApi } from './api/operations.js';
import { SidecarEgressFeature } from './egress/feature.js';
import { localFastify, type LocalFastify } from './net/local-servers.js';
import { Sidecar, type SharedHost } from './sidecar.js';

export interface AgentSetup {
  options: AgentOptions;
  features: readonly FeatureName[];
  settings: Settings;
}

/** Where an app's admin and local API routes are on the agent's listeners. */
export function appPrefix(instanceId: string): string {
  return `/apps/${instanceId}`;
}

export class SidecarAgent {
  private readonly options: AgentOptions;
  private readonly host: SharedHost;
  private readonly apps: Sidecar[];
  private servers: LocalFastify[] = [];
  private stopping: Promise<void> | undefined;

  constructor(setup: AgentSetup) {
    this.options = setup.options;
    const controlplane = new Agent({ keepAliveTimeout: 10_000 });
    const egressRegistry = new Registry();
    const egress = setup.features.includes('egress')
      ? new SidecarEgressFeature({
          controlplaneUrl: this.options.controlplaneUrl,
          settings: egressSettingsOf(setup.settings),
          port: this.options.egressPort,
          registry: egressRegistry,
          controlplaneDispatcher: controlplane,
        })
      : undefined;
    this.host = { egress, egressRegistry, controlplane };
    this.apps = this.options.apps.map(
      (app) => new Sidecar({ options: app, features: setup.features, settings: setup.settings, host: this.host }),
    );
  }

  /**
   * Every app's ingress bound first (each answers 503 until its app is servable), then the local API and admin
   * (admin last: /live means every listener is bound), then the one ambassador, then each app's features.
   */
  async start(): Promise<void> {
    await mkdir(this.options.dataDir, { recursive: true });
    const apis: LocalApi[] = [];
    for (const app of this.apps) apis.push(await app.listen());
    if (this.options.api.length > 0) {
      const server = localApiServer();
      for (const [index, app] of this.apps.entries()) addApiRoutes(server.app, apis[index]!, appPrefix(app.instanceId));
      handleApiErrors(server.app);
      await server.listen(this.options.api);
      this.servers.push(server);
    }
    this.servers.push(await this.startAdmin());
    // The ambassador before any app's features: an app is servable only once its calls out can be carried.
    await this.host.egress?.start();
    await Promise.all(this.apps.map((app) => app.startFeatures()));
  }

  /** SIGTERM: every app deregistered and drained at once, as its own sidecar would; the ambassador after the last. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.all(this.apps.map((app) => app.stop()));
      await this.host.egress?.stop().catch(() => undefined);
      for (const server of this.servers) await server.close().catch(() => undefined);
      await this.host.controlplane.destroy().catch(() => undefined);
    })();
    return this.stopping;
  }

  /** Each app's /metrics and /ready under its prefix; /ready of the agent when every app is; /metrics the ambassador's. */
  private async startAdmin(): Promise<LocalFastify> {
    const server = localFastify();
    const { app } = server;
    for (const one of this.apps) addAdminRoutes(app, one.admin(), appPrefix(one.instanceId));
    app.get('/ready', async (_request, reply) => {
      const apps = Object.fromEntries(this.apps.map((one) => [one.instanceId, one.readiness().ready]));
      const ready = Object.values(apps).every(Boolean);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', apps });
    });
    app.get('/live', async () => ({ status: 'live' }));
    app.get('/metrics', async (_request, reply) =>
      reply.type(this.host.egressRegistry.contentType).send(await this.host.egressRegistry.metrics()),
    );
    await server.listen(this.options.admin);
    return server;
  }
}
