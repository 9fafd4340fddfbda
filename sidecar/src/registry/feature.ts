// The `registry` feature out of process: the library's registration, of the sidecar's public address, gated on the app.
import type { Registry } from 'prom-client';
import type { Dispatcher } from 'undici';
import { RegistryClient, type Registration } from '../../../library/ts/src/registry/client.js';
import { RegistryFeature } from '../../../library/ts/src/registry/feature.js';

export interface SidecarRegistryOptions {
  controlplaneUrl: string;
  /** address and port of the sidecar's ingress: what clients call. */
  registration: Registration;
  heartbeatIntervalSeconds: number;
  /** True while the app may be listed: healthy, with its config (see sidecar.ts). */
  eligible: () => boolean;
  registry?: Registry;
  dispatcher?: Dispatcher;
  /** Timeout of one registry call. */
  callTimeoutSeconds?: number;
}

/**
 * The library's RegistryFeature registers, heartbeats, re-registers a forgotten instance and
 * deregisters on stop; the sidecar adds the app's eligibility (registered only while healthy)
 * and calls refresh() when it changes, so a failing app is deregistered at once.
 */
export function createSidecarRegistration(options: SidecarRegistryOptions): RegistryFeature {
  return new RegistryFeature({
    client: new RegistryClient({
      controlplaneUrl: options.controlplaneUrl,
      timeoutSeconds: options.callTimeoutSeconds ?? 2,
      dispatcher: options.dispatcher,
    }),
    registration: options.registration,
    heartbeatIntervalSeconds: options.heartbeatIntervalSeconds,
    registry: options.registry,
    eligible: options.eligible,
  });
}
