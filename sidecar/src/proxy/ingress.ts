// Ingress: the public port, proxied to the app's private port, with request metrics and request ids.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import type { Exchange } from '../../../library/ts/src/feature.js';
import { AppExchange, type ExchangeOwner } from './app-exchange.js';
import { appRequestHeaders } from './headers.js';
import type { RouteMatcher } from './routes.js';

export interface IngressOptions {
  appPort: number;
  routes: RouteMatcher;
  /** Called once per completed request that metrics count. */
  observe: (exchange: Exchange) => void;
  /** Requests are answered 503 until this is true. */
  isOpen: () => boolean;
  /** Keep-alive connections to the app. */
  connections?: number;
  /** Longest wait for the app's headers, and between two body chunks. */
  appTimeoutSeconds?: number;
}

const NOT_READY_BODY = JSON.stringify({
  error: { code: 'SCL_ERR_SIDECAR_NOT_READY', message: 'the sidecar is not ready: the app is not healthy yet or has no config yet; retry' },
});
const IDLE_SWEEP_MILLIS = 50;
/** Bodies up to this size (with a content-length) are read whole before forwarding; larger ones stream. */
const WHOLE_BODY_MAX_BYTES = 64 * 1024;

/**
 * A plain node:http server with an undici Pool to the app: measured against a fastify catch-all
 * route and node's own http client, it did the least work per request (sidecar/README.md).
 * Bodies stream in both directions, except small request bodies, which are read whole first.
 */
export class Ingress implements ExchangeOwner {
  readonly server: Server;
  private readonly pool: Pool;
  private readonly options: IngressOptions;
  private inFlight = 0;
  private drainingNow = false;
  private idle: (() => void) | undefined;

  constructor(options: IngressOptions) {
    this.options = options;
    const timeoutMillis = (options.appTimeoutSeconds ?? 60) * 1000;
    this.pool = new Pool(`http://127.0.0.1:${options.appPort}`, {
      connections: options.connections ?? 128,
      keepAliveTimeout: 10_000,
      headersTimeout: timeoutMillis,
      bodyTimeout: timeoutMillis,
    });
    this.server = createServer({ keepAliveTimeout: 65_000 }, this.onRequest);
    // A client must not hold a connection forever without sending a request.
    this.server.headersTimeout = 60_000;
  }

  get draining(): boolean {
    return this.drainingNow;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  private readonly onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    if (!this.options.isOpen()) {
      response.writeHead(503, {
        'content-type': 'application/json',
        'retry-after': '1',
        'content-length': Buffer.byteLength(NOT_READY_BODY),
      });
      response.end(NOT_READY_BODY);
      return;
    }
    const { headers, requestId, hasBody, contentLength } = appRequestHeaders(request.rawHeaders);
    const exchange = new AppExchange(this, request, response, requestId);
    this.inFlight++;
    if (contentLength > 0 && contentLength <= WHOLE_BODY_MAX_BYTES) {
      // Measured: a small body read whole lets undici write head and body in one syscall (~20% less CPU).
      exchange.readWholeBody(contentLength, (body) => this.dispatch(exchange, headers, body));
    } else {
      this.dispatch(exchange, headers, hasBody ? request : null);
    }
  };

  private dispatch(exchange: AppExchange, headers: string[], body: Buffer | IncomingMessage | null): void {
    const { request } = exchange;
    this.pool.dispatch({ path: request.url ?? '/', method: request.method as Dispatcher.HttpMethod, headers, body }, exchange);
  }

  finished(exchange: AppExchange, status: number): void {
    this.inFlight--;
    const { request } = exchange;
    const route = status === 0 ? undefined : this.options.routes.routeOf(request.method!, request.url ?? '/');
    if (route !== undefined) {
      this.options.observe({
        route,
        method: request.method!,
        status,
        durationSeconds: (performance.now() - exchange.startedAt) / 1000,
        requestId: exchange.requestId,
      });
    }
    if (this.inFlight === 0) this.idle?.();
  }

  /**
   * Stops accepting, lets in-flight requests finish for up to `graceSeconds` (answers meanwhile
   * carry `connection: close`), then cuts what is left and closes the pool to the app.
   */
  async drain(graceSeconds: number): Promise<void> {
    this.drainingNow = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const sweep = setInterval(() => this.server.closeIdleConnections(), IDLE_SWEEP_MILLIS);
    const allDone = this.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.idle = resolve));
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([allDone, new Promise<void>((resolve) => (deadline = setTimeout(resolve, graceSeconds * 1000)))]);
    clearTimeout(deadline);
    this.server.closeAllConnections();
    clearInterval(sweep);
    await closed;
    await this.pool.destroy().catch(() => undefined);
  }
}
