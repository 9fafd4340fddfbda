// A fault-injecting HTTP proxy in front of a real service: answers a share of requests 503 or late, and counts every charge.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import catalogue from '../../spec/errors.json' with { type: 'json' };
import { seededRandom } from '../stats/summary.js';

export interface ProxyFault {
  /** Share of requests answered `errorStatus` after the service behind answered them (the charge happened). */
  errorRatio: number;
  errorStatus: number;
  /** Share of requests held `delaySeconds` before they are forwarded. */
  delayRatio: number;
  delaySeconds: number;
}

export const NO_FAULT: ProxyFault = { errorRatio: 0, errorStatus: 503, delayRatio: 0, delaySeconds: 0 };

export interface ProxyCounts {
  requests: number;
  injectedErrors: number;
  injectedDelays: number;
  /** Requests carrying an Idempotency-Key, and how many distinct keys they carried. */
  keyed: number;
  distinctKeys: number;
  /** 201 answers from the service that were not replays: real charges. */
  charges: number;
  /** Distinct keys charged at least once. */
  keysCharged: number;
  /** Keys the service charged more than once: must stay 0. */
  keysChargedTwice: number;
  /** The service could not be reached (connect error, reset). */
  upstreamErrors: number;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-connection',
  'host',
  'content-length',
]);
const INJECTED_BODY = JSON.stringify({
  error: { code: 'SCL_ERR_FAULT_INJECTED', message: catalogue.platform.SCL_ERR_FAULT_INJECTED.message },
});

export class FaultProxy {
  private fault: ProxyFault = NO_FAULT;
  private readonly random: () => number;
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });
  private readonly chargesByKey = new Map<string, number>();
  private server: Server | undefined;
  private inFlight = 0;
  readonly counts: ProxyCounts = {
    requests: 0,
    injectedErrors: 0,
    injectedDelays: 0,
    keyed: 0,
    distinctKeys: 0,
    charges: 0,
    keysCharged: 0,
    keysChargedTwice: 0,
    upstreamErrors: 0,
  };

  constructor(
    private readonly upstreamOrigin: string,
    seed = 7,
  ) {
    // Seeded, so two runs inject at the same request numbers.
    this.random = seededRandom(seed);
  }

  /** Listens on 127.0.0.1 and answers with the port. */
  async start(): Promise<number> {
    const server = createServer((incoming, outgoing) => {
      this.inFlight++;
      // A client that goes away mid-request (a timed-out try) must not take the harness down.
      this.handle(incoming, outgoing)
        .catch(() => outgoing.destroy())
        .finally(() => this.inFlight--);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  setFault(fault: ProxyFault): void {
    this.fault = fault;
  }

  /** A copy of the counts now. */
  snapshot(): ProxyCounts {
    return { ...this.counts };
  }

  /**
   * Resolves once no request has been in flight for `quietSeconds` (or after `timeoutSeconds`): the callers' last
   * retries are in, so the charges counted match what payment stored.
   */
  async idle(quietSeconds = 0.3, timeoutSeconds = 15): Promise<void> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      if (this.inFlight > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= quietSeconds * 1000) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.agent.close();
  }

  private async handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    this.counts.requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    // One draw per decision, in a fixed order, so the pattern depends only on the request's number.
    const fail = this.random() < this.fault.errorRatio;
    const late = this.random() < this.fault.delayRatio;
    if (late) {
      this.counts.injectedDelays++;
      await new Promise((resolve) => setTimeout(resolve, this.fault.delaySeconds * 1000));
    }
    const key = header(incoming, 'idempotency-key');
    if (key !== undefined) {
      this.counts.keyed++;
      if (!this.chargesByKey.has(key)) {
        this.chargesByKey.set(key, 0);
        this.counts.distinctKeys++;
      }
    }
    try {
      const answer = await request(`${this.upstreamOrigin}${incoming.url ?? '/'}`, {
        method: (incoming.method ?? 'GET') as 'GET',
        headers: forwardable(incoming.headers),
        body: chunks.length === 0 ? undefined : Buffer.concat(chunks),
        dispatcher: this.agent,
      });
      const body = Buffer.from(await answer.body.arrayBuffer());
      if (answer.statusCode === 201 && answer.headers['idempotent-replayed'] !== 'true') this.noteCharge(key);
      if (fail) return this.injectError(outgoing);
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
      outgoing.writeHead(answer.statusCode, headers as Record<string, string | string[]>);
      outgoing.end(body);
    } catch {
      this.counts.upstreamErrors++;
      if (fail) return this.injectError(outgoing);
      outgoing.writeHead(502, { 'content-type': 'application/json' });
      outgoing.end(
        JSON.stringify({ error: { code: 'upstream_failed', message: 'the fault proxy could not reach the service behind it' } }),
      );
    }
  }

  private noteCharge(key: string | undefined): void {
    this.counts.charges++;
    if (key === undefined) return;
    const charges = (this.chargesByKey.get(key) ?? 0) + 1;
    this.chargesByKey.set(key, charges);
    if (charges === 1) this.counts.keysCharged++;
    if (charges === 2) this.counts.keysChargedTwice++;
  }

  private injectError(outgoing: ServerResponse): void {
    this.counts.injectedErrors++;
    outgoing.writeHead(this.fault.errorStatus, { 'content-type': 'application/json' });
    outgoing.end(INJECTED_BODY);
  }
}

function header(incoming: IncomingMessage, name: string): string | undefined {
  const value = incoming.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function forwardable(headers: IncomingMessage['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}
