// Consul-style blocking queries shared by registry and config: wait while an index is unchanged, released on change or close.
import type { EventEmitter } from 'node:events';
import { badRequest } from './errors.js';

export const DEFAULT_WAIT_MILLIS = 10_000;
export const MAX_WAIT_MILLIS = 300_000;
const WAIT_PATTERN = /^([0-9]+(?:\.[0-9]+)?)(ms|s)$/;

/** Query parameters of a blocking GET (spec: Index, Wait); `wait` is parsed by parseWaitMillis for a clearer error. */
export const blockingQueryProperties = {
  index: { type: 'integer', minimum: 0 },
  wait: { type: 'string' },
} as const;

export interface BlockingQuery {
  index?: number;
  waitMillis: number;
}

/** `10s`, `500ms`, `1.5s` to milliseconds; absent means 10 s, longer than 300 s is capped at 300 s. */
export function parseWaitMillis(wait: string | undefined): number {
  if (wait === undefined) return DEFAULT_WAIT_MILLIS;
  const match = WAIT_PATTERN.exec(wait);
  if (match === null)
    throw badRequest('wait', `wait '${wait}' is not a duration: use a number with ms or s, like 500ms or 10s (at most 300s)`);
  const millis = Number(match[1]) * (match[2] === 's' ? 1000 : 1);
  return Math.min(millis, MAX_WAIT_MILLIS);
}

export function parseBlockingQuery(query: { index?: number; wait?: string }): BlockingQuery {
  return { index: query.index, waitMillis: parseWaitMillis(query.wait) };
}

/** One global, monotonically growing index: every change anywhere takes the next value. */
export class IndexCounter {
  private last = 0;
  next(): number {
    return ++this.last;
  }
}

interface Waiter {
  key: string | undefined;
  release: () => void;
}

/** Pending waits, keyed by resource; every one is released on close so nothing delays shutdown. */
export class Waits {
  private readonly byKey = new Map<string, Set<Waiter>>();
  private readonly all = new Set<Waiter>();
  private closed = false;

  /**
   * Resolves on notify(key), after `millis`, on close(), or when `abandoned` (the HTTP response)
   * emits 'close' because the client went away. A key of undefined is a plain cancellable delay.
   */
  until(key: string | undefined, millis: number, abandoned?: EventEmitter): Promise<void> {
    if (this.closed || millis <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const waiter: Waiter = { key, release: () => {} };
      const timer = setTimeout(() => waiter.release(), millis);
      waiter.release = () => {
        clearTimeout(timer);
        this.forget(waiter);
        abandoned?.off('close', waiter.release);
        resolve();
      };
      this.all.add(waiter);
      if (key !== undefined) {
        let waiters = this.byKey.get(key);
        if (waiters === undefined) {
          waiters = new Set();
          this.byKey.set(key, waiters);
        }
        waiters.add(waiter);
      }
      abandoned?.once('close', waiter.release);
    });
  }

  /** Wakes every wait on `key`. */
  notify(key: string): void {
    const waiters = this.byKey.get(key);
    if (waiters === undefined) return;
    for (const waiter of [...waiters]) waiter.release();
  }

  /** Releases every wait now and makes later waits return at once. */
  close(): void {
    this.closed = true;
    for (const waiter of [...this.all]) waiter.release();
  }

  get pending(): number {
    return this.all.size;
  }

  private forget(waiter: Waiter): void {
    this.all.delete(waiter);
    if (waiter.key === undefined) return;
    const waiters = this.byKey.get(waiter.key);
    waiters?.delete(waiter);
    if (waiters?.size === 0) this.byKey.delete(waiter.key);
  }
}

/** Waits while the resource's index still equals the requested one; returns at once otherwise. */
export async function blockWhileUnchanged(
  waits: Waits,
  key: string,
  query: BlockingQuery,
  currentIndex: number,
  abandoned: EventEmitter,
): Promise<void> {
  if (query.index === undefined || query.index !== currentIndex) return;
  await waits.until(key, query.waitMillis, abandoned);
}
