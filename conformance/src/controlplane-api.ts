// The control plane calls the runner makes (spec/controlplane.openapi.yaml), as plain HTTP.
import type { Json } from './vector.js';

export interface RegistryInstance {
  id: string;
  service: string;
  address: string;
  port: number;
  status: 'passing' | 'critical';
}

export interface StoredRecord {
  service: string;
  instance: string;
  mode: string;
  lang: string;
  severityText: string;
  severityNumber?: number;
  body: string;
  attributes: Record<string, Json>;
  [key: string]: Json | undefined;
}

export interface StreamCounts {
  received: number;
  distinct: number;
  duplicates: number;
  missing: number;
  withoutSeq: number;
}

const REQUEST_TIMEOUT_MS = 5000;

export class ControlPlaneApi {
  constructor(readonly url: string) {}

  async instances(service: string): Promise<{ known: boolean; instances: RegistryInstance[] }> {
    return this.call('GET', `/v1/registry/services/${encodeURIComponent(service)}`);
  }

  async register(registration: { service: string; id: string; address: string; port: number; ttlSeconds: number }): Promise<void> {
    await this.call('PUT', '/v1/registry/register', registration);
  }

  async deregister(id: string): Promise<void> {
    await this.call('PUT', `/v1/registry/deregister/${encodeURIComponent(id)}`);
  }

  async putConfig(service: string, document: Json): Promise<{ version: number; changed: boolean }> {
    return this.call('PUT', `/v1/config/${encodeURIComponent(service)}`, document);
  }

  /** The stored version of a service's config, or 0 when none is stored. */
  async configVersion(service: string): Promise<number> {
    const response = await fetch(`${this.url}/v1/config/${encodeURIComponent(service)}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (response.status === 404) return 0;
    const body = (await this.read(response, 'GET /v1/config')) as { version: number };
    return body.version;
  }

  async putFaults(faults: Json): Promise<void> {
    await this.call('PUT', '/v1/faults', faults);
  }

  async logRecords(service: string): Promise<StoredRecord[]> {
    const body = await this.call<{ records: StoredRecord[] }>('GET', `/v1/logs/records?service=${encodeURIComponent(service)}&limit=100000`);
    return body.records;
  }

  async logStats(service: string): Promise<StreamCounts> {
    const body = await this.call<{ total: StreamCounts }>('GET', `/v1/logs/stats?service=${encodeURIComponent(service)}`);
    return body.total;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return (await this.read(response, `${method} ${path}`)) as T;
  }

  private async read(response: Response, what: string): Promise<unknown> {
    const text = await response.text();
    if (response.status >= 300) throw new Error(`control plane answered ${what} with ${response.status}: ${text.slice(0, 300)}`);
    return text === '' ? {} : JSON.parse(text);
  }
}
