// One try: one request to one instance with the per-try timeout, the whole body read.
import type { Dispatcher } from 'undici';
import type { ServiceInstance } from '../registry/resolver.js';

export type TryOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: Buffer }
  | { kind: 'timeout' }
  | { kind: 'connect_error'; cause: unknown };

export interface TryRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

const TIMEOUT: TryOutcome = { kind: 'timeout' };

export async function sendTry(
  dispatcher: Dispatcher,
  instance: ServiceInstance,
  request: TryRequest,
  timeoutSeconds: number,
): Promise<TryOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutSeconds * 1000);
  try {
    const response = await dispatcher.request({
      origin: originOf(instance),
      method: request.method as Dispatcher.HttpMethod,
      path: request.path,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    });
    const body = Buffer.from(await response.body.arrayBuffer());
    return { kind: 'response', status: response.statusCode, headers: flatHeaders(response.headers), body };
  } catch (cause) {
    return timedOut ? TIMEOUT : { kind: 'connect_error', cause };
  } finally {
    clearTimeout(timer);
  }
}

function originOf(instance: ServiceInstance): string {
  const host = instance.address.includes(':') ? `[${instance.address}]` : instance.address;
  return `http://${host}:${instance.port}`;
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
