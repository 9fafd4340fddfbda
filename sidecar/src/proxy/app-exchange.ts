// One proxied request: streams the app's answer to the client as undici delivers it, then reports the exchange.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { clientResponseHeaders } from './headers.js';

export interface ExchangeOwner {
  readonly draining: boolean;
  /** The exchange is over: answered (status) or cut. */
  finished(exchange: AppExchange, status: number): void;
}

const APP_UNREACHABLE_BODY = JSON.stringify({
  error: { code: 'SCL_ERR_SIDECAR_APP_UNREACHABLE', message: 'the sidecar could not reach the app on --app-port; check that the app runs' },
});

/**
 * undici's own handler interface (onConnect/onHeaders/onData/onComplete/onError): it hands the
 * raw header buffers over without building an object, and backpressure is its return value.
 * The client's socket closing first aborts the request to the app.
 */
export class AppExchange implements Dispatcher.DispatchHandler {
  readonly startedAt = performance.now();
  private abortApp: ((error?: Error) => void) | undefined;
  private resumeApp: (() => void) | undefined;
  private status = 0;
  private done = false;
  private clientGone = false;

  constructor(
    private readonly owner: ExchangeOwner,
    readonly request: IncomingMessage,
    private readonly response: ServerResponse,
    readonly requestId: string,
  ) {
    response.once('close', this.onClientClose);
  }

  /**
   * Reads a body of `length` bytes, then calls `then` with it. A client that goes away first ends
   * the exchange (not counted as answered); a shorter body is forwarded as it is and the app decides.
   */
  readWholeBody(length: number, then: (body: Buffer) => void): void {
    const body = Buffer.allocUnsafe(length);
    let received = 0;
    this.request.on('data', (chunk: Buffer) => {
      received += chunk.copy(body, received);
    });
    this.request.once('end', () => then(received === length ? body : body.subarray(0, received)));
    this.request.once('error', () => this.finish(0));
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortApp = abort;
    if (this.clientGone) abort(new Error('the client closed the connection')); // while the request waited for a connection
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true; // 1xx: node's server sends its own 100-continue
    this.status = statusCode;
    this.resumeApp = resume;
    this.response.writeHead(statusCode, clientResponseHeaders(rawHeaders, this.requestId, this.owner.draining));
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.response.write(chunk)) return true;
    this.response.once('drain', this.resumeApp!);
    return false;
  }

  onComplete(): void {
    this.response.end();
    this.finish(this.status);
  }

  onError(error: Error): void {
    if (this.done) return;
    if (this.clientGone) {
      this.finish(0);
    } else if (!this.response.headersSent && !this.response.destroyed) {
      this.response.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(APP_UNREACHABLE_BODY) });
      this.response.end(APP_UNREACHABLE_BODY);
      this.finish(502);
    } else {
      // The answer had begun: the client must see it cut, not complete.
      this.response.destroy(error);
      this.finish(this.status || 502);
    }
  }

  private readonly onClientClose = (): void => {
    if (this.done) return;
    this.clientGone = true;
    if (this.abortApp === undefined)
      this.finish(0); // gone while its body was read: nothing was sent
    else this.abortApp(new Error('the client closed the connection'));
  };

  /** `status` 0: the client went away before an answer; the exchange is not counted. */
  private finish(status: number): void {
    if (this.done) return;
    this.done = true;
    this.owner.finished(this, status);
  }
}
