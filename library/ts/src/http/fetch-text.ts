// One small HTTP call to the control plane over undici, with a timeout and a cancel signal.
import { request, type Dispatcher } from 'undici';

export interface TextResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface FetchTextOptions {
  method?: Dispatcher.HttpMethod;
  body?: string;
  headers?: Record<string, string>;
  timeoutSeconds: number;
  /** Cancels the call (a feature stopping); the promise then rejects. */
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
}

export class TimeoutError extends Error {
  constructor(url: string, timeoutSeconds: number) {
    super(`no answer from ${url} within ${timeoutSeconds} s`);
    this.name = 'TimeoutError';
  }
}

/** Rejects on network errors, timeouts and cancellation; any HTTP status resolves. */
export async function fetchText(url: string, options: FetchTextOptions): Promise<TextResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutSeconds * 1000);
  const cancel = (): void => controller.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  if (options.signal?.aborted) controller.abort();
  try {
    const response = await request(url, {
      method: options.method ?? 'GET',
      body: options.body,
      headers: options.headers,
      signal: controller.signal,
      dispatcher: options.dispatcher,
    });
    const body = await response.body.text();
    return { status: response.statusCode, headers: response.headers, body };
  } catch (error) {
    throw timedOut ? new TimeoutError(url, options.timeoutSeconds) : error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
  }
}

/** A JSON body for a PUT or POST. */
export function jsonBody(value: unknown): { body: string; headers: Record<string, string> } {
  return { body: JSON.stringify(value), headers: { 'content-type': 'application/json' } };
}

export function headerNumber(headers: TextResponse['headers'], name: string): number | undefined {
  const raw = headers[name];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** `http://cp:7000/` + `/v1/logs`, keeping any path prefix of the base. */
export function endpointUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}
