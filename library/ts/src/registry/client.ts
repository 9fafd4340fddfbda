// Client of the control plane's registry: register, heartbeat, deregister (spec/controlplane.openapi.yaml).
import type { Dispatcher } from 'undici';
import { endpointUrl, fetchText, jsonBody } from '../http/fetch-text.js';

/** spec/controlplane.openapi.yaml #/components/schemas/Registration */
export interface Registration {
  service: string;
  id: string;
  address: string;
  port: number;
  ttlSeconds: number;
  meta?: Record<string, string>;
}

export interface RegistryClientOptions {
  controlplaneUrl: string;
  /** Timeout of one call. */
  timeoutSeconds: number;
  dispatcher?: Dispatcher;
}

export class RegistryCallError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    body: string,
  ) {
    super(`registry ${operation} answered ${status}: ${body.slice(0, 200)}`);
    this.name = 'RegistryCallError';
  }
}

export type HeartbeatResult = 'passing' | 'unknown_instance';

export class RegistryClient {
  constructor(private readonly options: RegistryClientOptions) {}

  async register(registration: Registration, signal?: AbortSignal): Promise<void> {
    const response = await this.call('PUT', '/v1/registry/register', signal, registration);
    if (response.status !== 200) throw new RegistryCallError('register', response.status, response.body);
  }

  /** `unknown_instance` when the control plane forgot the instance (404): register again. */
  async heartbeat(id: string, signal?: AbortSignal): Promise<HeartbeatResult> {
    const response = await this.call('PUT', `/v1/registry/heartbeat/${encodeURIComponent(id)}`, signal);
    if (response.status === 404) return 'unknown_instance';
    if (response.status !== 200) throw new RegistryCallError('heartbeat', response.status, response.body);
    return 'passing';
  }

  /** An instance already gone (404) counts as deregistered. */
  async deregister(id: string, signal?: AbortSignal): Promise<void> {
    const response = await this.call('PUT', `/v1/registry/deregister/${encodeURIComponent(id)}`, signal);
    if (response.status !== 200 && response.status !== 404) {
      throw new RegistryCallError('deregister', response.status, response.body);
    }
  }

  private call(method: 'PUT', path: string, signal: AbortSignal | undefined, body?: unknown) {
    return fetchText(endpointUrl(this.options.controlplaneUrl, path), {
      method,
      ...(body === undefined ? {} : jsonBody(body)),
      timeoutSeconds: this.options.timeoutSeconds,
      signal,
      dispatcher: this.options.dispatcher,
    });
  }
}
