// The ambassador's listener: the app calls `http://127.0.0.1:<egress-port>/<service>/<path>`, the library's egress client does the rest.
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { egressErrorResponse } from '../../../library/ts/src/egress/errors.js';
import type { Egress, EgressResponse } from '../../../library/ts/src/types.js';

export interface AmbassadorOptions {
  egress: Egress;
  /** A larger request body is refused with 413: retries need the whole body in memory. */
  maxBodyBytes?: number;
}

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;
// Hop-by-hop headers, and content-length: the body is sent whole, node sets its length.
const NOT_RELAYED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
]);
const TOO_LARGE_BODY = JSON.stringify({
  error: { code: 'validation_failed', field: 'body', message: 'the request body is too large for egress' },
});

/**
 * Not an open proxy: the first path segment must be a service name, and only names the registry
 * knows are called (the client answers unknown_service otherwise). A name that is not a valid
 * service name is refused before any lookup, so it creates no registry watch.
 */
export class Ambassador {
  readonly server: Server;
  private readonly maxBodyBytes: number;

  constructor(private readonly options: AmbassadorOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
    this.server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => void this.handle(request, response));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { service, path } = splitTarget(request.url ?? '/');
    if (service === undefined || !SERVICE_NAME.test(service)) {
      send(response, egressErrorResponse('unknown_service', 0));
      return;
    }
    const body = await readBody(request, this.maxBodyBytes);
    if (body === 'too_large') {
      response.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(TOO_LARGE_BODY);
      return;
    }
    if (body === 'aborted') return;
    const answer = await this.options.egress.request(service, {
      method: request.method ?? 'GET',
      path,
      headers: flatHeaders(request),
      body: body.length === 0 ? undefined : body,
    });
    send(response, answer);
  }
}

/** `/customers/customers/7?x=1` -> service `customers`, path `/customers/7?x=1`. */
export function splitTarget(url: string): { service: string | undefined; path: string } {
  const rest = url.startsWith('/') ? url.slice(1) : url;
  const end = rest.search(/[/?]/);
  const service = end === -1 ? rest : rest.slice(0, end);
  const tail = end === -1 ? '' : rest.slice(end);
  return { service: service === '' ? undefined : decodeURIComponentSafe(service), path: tail.startsWith('/') ? tail : `/${tail}` };
}

function decodeURIComponentSafe(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | 'too_large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.removeAllListeners('data');
        request.resume();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.on('error', () => resolve('aborted'));
  });
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function send(response: ServerResponse, answer: EgressResponse): void {
  if (response.destroyed) return;
  const headers: OutgoingHttpHeaders = {};
  for (const name in answer.headers) if (!NOT_RELAYED.has(name)) headers[name] = answer.headers[name];
  headers['content-length'] = answer.body.length;
  response.writeHead(answer.status, headers);
  response.end(answer.body);
}
