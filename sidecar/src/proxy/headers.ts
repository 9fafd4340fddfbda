// Which headers cross the proxy: hop-by-hop ones (RFC 9110 7.6.1) belong to one connection and never do.
import { requestIdFrom } from '../../../library/ts/src/fastify.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Lower-case names that never cross; `expect` too: node answers 100-continue itself, undici refuses it. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
  'expect',
]);
const CONNECTION_OPTIONS_ONLY = /^\s*(keep-alive|close)?\s*$/i;

export interface AppRequestHeaders {
  /** Flat [name, value, name, value...] as undici takes it. */
  headers: string[];
  requestId: string;
  hasBody: boolean;
  /** The content-length, -1 without one (no body, or a chunked one). */
  contentLength: number;
}

/**
 * Node's rawHeaders in, undici's flat list out: no header object is built. The request id is
 * kept when usable, else a new one is added, so the app always logs the id the client sees.
 */
export function appRequestHeaders(raw: readonly string[]): AppRequestHeaders {
  const headers: string[] = [];
  let requestIdHeader: string | undefined;
  let hasBody = false;
  let contentLength = -1;
  let extraHopByHop: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (HOP_BY_HOP.has(name)) {
      if (name === 'transfer-encoding') hasBody = true;
      else if (name === 'connection' && !CONNECTION_OPTIONS_ONLY.test(value)) extraHopByHop = connectionOptions(value, extraHopByHop);
      continue;
    }
    if (name === REQUEST_ID_HEADER) {
      requestIdHeader ??= value;
      continue;
    }
    if (name === 'content-length') {
      contentLength = Number(value);
      if (contentLength !== 0) hasBody = true;
    }
    headers.push(name, value);
  }
  const requestId = requestIdFrom(requestIdHeader);
  headers.push(REQUEST_ID_HEADER, requestId);
  return { headers: extraHopByHop === undefined ? headers : without(headers, extraHopByHop), requestId, hasBody, contentLength };
}

/**
 * undici's raw response headers (Buffers) as a flat list for writeHead; hop-by-hop ones dropped.
 * `requestId` is added when the app did not echo one.
 */
export function clientResponseHeaders(raw: readonly Buffer[], requestId: string, closing: boolean): string[] {
  const headers: string[] = [];
  let echoed = false;
  let extraHopByHop: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    const value = raw[i + 1]!.toString('latin1');
    if (HOP_BY_HOP.has(name)) {
      if (name === 'connection' && !CONNECTION_OPTIONS_ONLY.test(value)) extraHopByHop = connectionOptions(value, extraHopByHop);
      continue;
    }
    if (name === REQUEST_ID_HEADER) echoed = true;
    headers.push(name, value);
  }
  if (!echoed) headers.push(REQUEST_ID_HEADER, requestId);
  // While draining, clients are told not to reuse the connection: their next request goes elsewhere.
  if (closing) headers.push('connection', 'close');
  return extraHopByHop === undefined ? headers : without(headers, extraHopByHop);
}

/** Names listed in a Connection header are hop-by-hop too. */
function connectionOptions(value: string, into: Set<string> = new Set()): Set<string> {
  for (const token of value.split(',')) {
    const name = token.trim().toLowerCase();
    if (name !== '' && name !== 'close' && name !== 'keep-alive') into.add(name);
  }
  return into;
}

function without(flat: readonly string[], names: ReadonlySet<string>): string[] {
  const kept: string[] = [];
  for (let i = 0; i < flat.length; i += 2) if (!names.has(flat[i]!)) kept.push(flat[i]!, flat[i + 1]!);
  return kept;
}
