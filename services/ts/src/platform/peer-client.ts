// Plain keep-alive HTTP client for peer calls (no retries): to SCL_PEERS in mode none, to the ambassador in sidecar mode.
import { Agent, errors, type Dispatcher } from 'undici';
import features from '../../../../spec/features.json' with { type: 'json' };
import type { PeerRequest, PeerResponse } from './platform.js';

/** A safety net, not a feature: the ambassador's own tries end well before it. */
const PEER_TIMEOUT_MILLIS = 30_000;
export const EGRESS_ERROR_HEADER = 'x-scl-egress-error';
const JSON_CONTENT = { 'content-type': 'application/json' };

export type EgressErrorKind = keyof typeof features.egress.errorKinds;

/** Where a service is reached: the origin and a path prefix put before the request's path. */
export interface PeerTarget {
  origin: string;
  pathPrefix: string;
}

export function targetOf(baseUrl: string): PeerTarget {
  const url = new URL(baseUrl);
  return { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
}

export class PeerClient {
  private readonly agent = new Agent({
    headersTimeout: PEER_TIMEOUT_MILLIS,
    bodyTimeout: PEER_TIMEOUT_MILLIS,
    connectTimeout: PEER_TIMEOUT_MILLIS,
  });

  /** `resolve` answers undefined for a service it does not know. */
  constructor(private readonly resolve: (service: string) => PeerTarget | undefined) {}

  async call(service: string, request: PeerRequest): Promise<PeerResponse> {
    const target = this.resolve(service);
    if (target === undefined) return egressError('unknown_service', `no address for service "${service}"; add it to SCL_PEERS`);
    try {
      const answer = await this.agent.request({
        origin: target.origin,
        path: target.pathPrefix + request.path,
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        body: request.body,
      });
      const body = Buffer.from(await answer.body.arrayBuffer());
      const headers = flatHeaders(answer.headers);
      const errorKind = headers[EGRESS_ERROR_HEADER];
      return errorKind === undefined
        ? { status: answer.statusCode, headers, body }
        : { status: answer.statusCode, headers, body, errorKind };
    } catch (error) {
      return egressError(isTimeout(error) ? 'timeout' : 'connect_error', (error as Error).message);
    }
  }

  /** POSTs JSON whose answer nobody waits for; a failure is dropped. */
  postAndForget(target: PeerTarget, body: string): void {
    this.agent
      .request({ origin: target.origin, path: target.pathPrefix, method: 'POST', headers: JSON_CONTENT, body })
      .then((answer) => answer.body.dump())
      .catch(() => undefined);
  }

  /** At shutdown the inbound requests are done: a call still open is cut, not awaited. */
  close(): Promise<void> {
    return this.agent.destroy();
  }
}

/** The answer egress gives when no try could be made (spec/features.md egress). */
export function egressError(kind: EgressErrorKind, detail: string): PeerResponse {
  const { status, code } = features.egress.errorKinds[kind];
  const body = Buffer.from(JSON.stringify({ error: { code, message: detail } }));
  return { status, headers: { 'content-type': 'application/json', [EGRESS_ERROR_HEADER]: kind }, body, errorKind: kind };
}

function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || error instanceof errors.ConnectTimeoutError
  );
}

/** A client to fixed base URLs (SCL_PEERS). */
export function plainPeers(peers: Readonly<Record<string, string>>): PeerClient {
  const targets = new Map(Object.entries(peers).map(([service, baseUrl]) => [service, targetOf(baseUrl)]));
  return new PeerClient((service) => targets.get(service));
}

/** A client to the ambassador: `${egressUrl}/<service><path>`. */
export function ambassadorPeers(egressUrl: string): PeerClient {
  const { origin, pathPrefix } = targetOf(egressUrl);
  const targets = new Map<string, PeerTarget>();
  return new PeerClient((service) => {
    let target = targets.get(service);
    if (target === undefined) {
      target = { origin, pathPrefix: `${pathPrefix}/${encodeURIComponent(service)}` };
      targets.set(service, target);
    }
    return target;
  });
}
