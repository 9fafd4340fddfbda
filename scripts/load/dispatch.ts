// How every load request is sent and its answer timed: an undici Pool of keep-alive connections per origin, one
// handler per request, and one drain at the end.
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { nowMicros } from './pacing.js';
import type { LoadRequest } from './open-loop-types.js';

/** The error code a request that got no answer in time is given, whichever undici timeout (or the end of the run) cut it. */
export const TIMEOUT = 'timeout';
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Where a schedule keeps what its requests got. */
export interface Answers {
  /** A response ended, with this status, at `endMicros` (performance.now() in µs). */
  answered(index: number, intendedMicros: number, status: number, endMicros: number): void;
  /** No response: the error's code, or TIMEOUT. */
  failed(index: number, intendedMicros: number, code: string): void;
}

export interface ConnectionOptions {
  /** Keep-alive connections per origin; a request waits for a free one, and that wait counts. */
  connections: number;
  /** A request not answered within this is a timeout. */
  timeoutSeconds: number;
  /** Connect over this Unix socket instead of TCP (the origin still names the Host). */
  socketPath?: string;
}

/** Built once per distinct request: the per-request cost stays one handler object. */
export function dispatchOptionsOf(request: LoadRequest, timeoutSeconds: number): Dispatcher.DispatchOptions {
  const timeoutMillis = Math.round(timeoutSeconds * 1000);
  return {
    origin: request.origin,
    method: request.method as Dispatcher.HttpMethod,
    path: request.path,
    headers: request.headers ?? {},
    body: request.body ?? null,
    headersTimeout: timeoutMillis,
    bodyTimeout: timeoutMillis,
  };
}

export class LoadDispatcher {
  pending = 0;
  /** Set once the drain gave up: requests cut by destroying the pools are timeouts, not refusals. */
  draining = false;
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly options: ConnectionOptions,
    readonly answers: Answers,
  ) {}

  send(index: number, intendedMicros: number, request: Dispatcher.DispatchOptions): void {
    this.pending++;
    this.poolOf(String(request.origin)).dispatch(request, new TimedRequest(this, index, intendedMicros));
  }

  /** Every request gets its full timeout to answer; whatever is still pending then is cut and counted a timeout. */
  async drain(): Promise<void> {
    const deadline = performance.now() + this.options.timeoutSeconds * 1000 + 200;
    while (this.pending > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    this.draining = true;
    await Promise.all([...this.pools.values()].map((pool) => pool.destroy().catch(() => undefined)));
  }

  private poolOf(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      const timeoutMillis = Math.round(this.options.timeoutSeconds * 1000);
      pool = new Pool(origin, {
        connections: this.options.connections,
        pipelining: 1,
        keepAliveTimeout: 60_000,
        headersTimeout: timeoutMillis,
        bodyTimeout: timeoutMillis,
        ...(this.options.socketPath !== undefined ? { socketPath: this.options.socketPath } : {}),
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

/** One request in flight; a class rather than closures keeps the per-request cost to one object. */
class TimedRequest implements Dispatcher.DispatchHandler {
  private status = 0;
  constructor(
    private readonly load: LoadDispatcher,
    private readonly index: number,
    private readonly intendedMicros: number,
  ) {}

  // Its presence tells undici this handler speaks the current (controller) API.
  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    const endMicros = nowMicros();
    this.load.pending--;
    this.load.answers.answered(this.index, this.intendedMicros, this.status, endMicros);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.load.pending--;
    const code = (error as { code?: string }).code ?? error.name;
    const timedOut = TIMEOUT_CODES.has(code) || (this.load.draining && code === 'UND_ERR_DESTROYED');
    this.load.answers.failed(this.index, this.intendedMicros, timedOut ? TIMEOUT : code);
  }
}
