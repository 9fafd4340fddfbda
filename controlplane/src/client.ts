// A small typed client of the control plane API, for tests, the conformance runner and the bench harness.
import { request, type Dispatcher } from 'undici';
import type {
  ConfigDocument,
  ConfigPutResult,
  ErrorBody,
  Faults,
  InjectedCounts,
  LogRecordsPage,
  LogStats,
  Registration,
  ServiceInstances,
  ServiceSummary,
  VersionedConfig,
} from './types.js';

/** A non-2xx answer; `code` and `field` come from the control plane's error body when it sent one. */
export class ControlPlaneRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface BlockingOptions {
  /** Block while the resource's index is still this value. */
  index?: number;
  /** Longest block; the server default is 10 s. */
  waitMillis?: number;
}

export interface RecordsFilter {
  service?: string;
  instance?: string;
  event?: string;
  limit?: number;
}

export class ControlPlaneClient {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly dispatcher?: Dispatcher,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async health(): Promise<{ status: string }> {
    return (await this.call('GET', '/health')).body as { status: string };
  }

  async register(registration: Registration): Promise<{ id: string }> {
    return (await this.call('PUT', '/v1/registry/register', registration)).body as { id: string };
  }

  /** False when the control plane does not know the id (register again). */
  async heartbeat(id: string): Promise<boolean> {
    return (await this.call('PUT', `/v1/registry/heartbeat/${encodeURIComponent(id)}`, undefined, [404])).status === 200;
  }

  async deregister(id: string): Promise<boolean> {
    return (await this.call('PUT', `/v1/registry/deregister/${encodeURIComponent(id)}`, undefined, [404])).status === 200;
  }

  async services(): Promise<ServiceSummary[]> {
    return ((await this.call('GET', '/v1/registry/services')).body as { services: ServiceSummary[] }).services;
  }

  async instances(service: string, options: BlockingOptions & { passing?: boolean } = {}): Promise<ServiceInstances> {
    const query = blockingQuery(options);
    if (options.passing) query.set('passing', 'true');
    return (await this.call('GET', `/v1/registry/services/${encodeURIComponent(service)}${queryText(query)}`)).body as ServiceInstances;
  }

  async putConfig(service: string, config: ConfigDocument): Promise<ConfigPutResult> {
    return (await this.call('PUT', `/v1/config/${encodeURIComponent(service)}`, config)).body as ConfigPutResult;
  }

  /** The current document, or undefined (404) when none is stored; `index` is the X-Scl-Index header. */
  async getConfig(service: string, options: BlockingOptions = {}): Promise<{ index: number; document: VersionedConfig | undefined }> {
    const answer = await this.call(
      'GET',
      `/v1/config/${encodeURIComponent(service)}${queryText(blockingQuery(options))}`,
      undefined,
      [404],
    );
    return { index: answer.index, document: answer.status === 200 ? (answer.body as VersionedConfig) : undefined };
  }

  async configs(): Promise<{ service: string; version: number }[]> {
    return ((await this.call('GET', '/v1/config')).body as { configs: { service: string; version: number }[] }).configs;
  }

  async faults(): Promise<Faults> {
    return (await this.call('GET', '/v1/faults')).body as Faults;
  }

  /** Replaces every fault in force; `{}` clears them all. */
  async setFaults(faults: Faults): Promise<Faults> {
    return (await this.call('PUT', '/v1/faults', faults)).body as Faults;
  }

  /** Requests each fault answered since the control plane started. */
  async injectedFaults(): Promise<InjectedCounts> {
    return (await this.call('GET', '/v1/faults/injected')).body as InjectedCounts;
  }

  async logStats(service?: string): Promise<LogStats> {
    const query = new URLSearchParams();
    if (service !== undefined) query.set('service', service);
    return (await this.call('GET', `/v1/logs/stats${queryText(query)}`)).body as LogStats;
  }

  async logRecords(filter: RecordsFilter = {}): Promise<LogRecordsPage> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) query.set(key, String(value));
    return (await this.call('GET', `/v1/logs/records${queryText(query)}`)).body as LogRecordsPage;
  }

  async clearLogs(): Promise<void> {
    await this.call('DELETE', '/v1/logs');
  }

  /** Posts an OTLP/HTTP JSON ExportLogsServiceRequest as it is. */
  async exportLogs(exportRequest: unknown): Promise<void> {
    await this.call('POST', '/v1/logs', exportRequest);
  }

  private async call(method: Dispatcher.HttpMethod, path: string, body?: unknown, alsoAccepted: readonly number[] = []) {
    const response = await request(`${this.baseUrl}${path}`, {
      method,
      dispatcher: this.dispatcher,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    const status = response.statusCode;
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new ControlPlaneRequestError(status, undefined, undefined, `${method} ${path}: ${status} with a body that is not JSON`);
    }
    if (status >= 300 && !alsoAccepted.includes(status)) {
      const error = (parsed as ErrorBody | undefined)?.error;
      throw new ControlPlaneRequestError(
        status,
        error?.code,
        error?.field,
        `${method} ${path}: ${status} ${error?.code ?? ''} ${error?.message ?? text}`.trim(),
      );
    }
    return { status, index: Number(response.headers['x-scl-index'] ?? 0), body: parsed };
  }
}

function blockingQuery(options: BlockingOptions): URLSearchParams {
  const query = new URLSearchParams();
  if (options.index !== undefined) query.set('index', String(options.index));
  if (options.waitMillis !== undefined) query.set('wait', `${options.waitMillis}ms`);
  return query;
}

function queryText(query: URLSearchParams): string {
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}
