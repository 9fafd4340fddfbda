// The `egress` feature in-process: the resilient client over the registry resolver.
import type { Registry } from 'prom-client';
import type { Dispatcher } from 'undici';
import type { Feature } from '../feature.js';
import { RegistryResolver } from '../registry/resolver.js';
import type { Egress, EgressRequest, EgressResponse } from '../types.js';
import { EgressClient, type EgressSettings } from './client.js';
import { egressErrorResponse } from './errors.js';

export interface EgressFeatureOptions {
  controlplaneUrl: string;
  settings: EgressSettings;
  registry?: Registry;
  /** For the resolver's blocking queries (the control plane's connections). */
  controlplaneDispatcher?: Dispatcher;
}

export class EgressFeature implements Feature {
  readonly name = 'egress';
  readonly client: EgressClient;
  readonly resolver: RegistryResolver;

  constructor(options: EgressFeatureOptions) {
    this.resolver = new RegistryResolver({
      controlplaneUrl: options.controlplaneUrl,
      dispatcher: options.controlplaneDispatcher,
    });
    this.client = new EgressClient({ resolver: this.resolver, settings: options.settings, registry: options.registry });
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.resolver.close();
    await this.client.close();
  }
}

/** Egress of a process with the feature disabled: every call answers no_instance, nothing is sent. */
export const disabledEgress: Egress = {
  request: async (_service: string, _request: EgressRequest): Promise<EgressResponse> => egressErrorResponse('no_instance', 0),
};
