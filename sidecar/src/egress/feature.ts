// The `egress` feature out of process: the library's egress client behind the ambassador's listener.
import type { Registry } from 'prom-client';
import type { Dispatcher } from 'undici';
import type { EgressSettings } from '../../../library/ts/src/egress/client.js';
import { EgressFeature } from '../../../library/ts/src/egress/feature.js';
import type { Feature } from '../../../library/ts/src/feature.js';
import type { RegistryResolver } from '../../../library/ts/src/registry/resolver.js';
import { listenLocal } from '../net/listen.js';
import { Ambassador } from './ambassador.js';

export interface SidecarEgressOptions {
  controlplaneUrl: string;
  settings: EgressSettings;
  /** The listener on 127.0.0.1; none: the client only serves the local API's resolve. */
  port: number | undefined;
  registry?: Registry;
  controlplaneDispatcher?: Dispatcher;
}

export class SidecarEgressFeature implements Feature {
  readonly name = 'egress';
  private readonly inProcess: EgressFeature;
  private readonly ambassador: Ambassador;

  constructor(private readonly options: SidecarEgressOptions) {
    this.inProcess = new EgressFeature({
      controlplaneUrl: options.controlplaneUrl,
      settings: options.settings,
      registry: options.registry,
      controlplaneDispatcher: options.controlplaneDispatcher,
    });
    this.ambassador = new Ambassador({ egress: this.inProcess.client });
  }

  get resolver(): RegistryResolver {
    return this.inProcess.resolver;
  }

  async start(): Promise<void> {
    await this.inProcess.start();
    if (this.options.port !== undefined) await listenLocal(this.ambassador.server, { port: this.options.port });
  }

  /** Called after ingress drained: the app's in-flight requests may still be calling out until then. */
  async stop(): Promise<void> {
    const server = this.ambassador.server;
    if (server.listening) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 1000).unref();
      await closed;
    }
    await this.inProcess.stop();
  }
}
