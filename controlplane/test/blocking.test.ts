import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ControlPlaneError } from '../src/errors.js';
import { IndexCounter, Waits, blockWhileUnchanged, parseWaitMillis } from '../src/blocking.js';

describe('parseWaitMillis', () => {
  it('reads seconds, milliseconds and fractions', () => {
    expect(parseWaitMillis('10s')).toBe(10_000);
    expect(parseWaitMillis('500ms')).toBe(500);
    expect(parseWaitMillis('1.5s')).toBe(1500);
  });

  it('defaults to 10 s and caps at 300 s', () => {
    expect(parseWaitMillis(undefined)).toBe(10_000);
    expect(parseWaitMillis('3600s')).toBe(300_000);
  });

  it.each(['10', 's', '10m', '-1s', '1e3ms', ' 10s', '10 s', ''])('refuses %j with a bad request naming wait', (wait) => {
    try {
      parseWaitMillis(wait);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ControlPlaneError);
      expect((error as ControlPlaneError).field).toBe('wait');
      expect((error as ControlPlaneError).statusCode).toBe(400);
    }
  });
});

describe('IndexCounter', () => {
  it('hands out growing values starting at 1', () => {
    const counter = new IndexCounter();
    expect([counter.next(), counter.next(), counter.next()]).toEqual([1, 2, 3]);
  });
});

describe('Waits', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a notify on the key releases its waiters and no others', async () => {
    const waits = new Waits();
    let a = false;
    let b = false;
    void waits.until('a', 60_000).then(() => (a = true));
    void waits.until('b', 60_000).then(() => (b = true));
    waits.notify('a');
    await Promise.resolve();
    expect(a).toBe(true);
    expect(b).toBe(false);
    expect(waits.pending).toBe(1);
    waits.close();
  });

  it('a wait ends by itself after its time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const waits = new Waits();
    let done = false;
    void waits.until('a', 5000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(4999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(waits.pending).toBe(0);
  });

  it('close releases every wait, keyed or not, and later waits return at once', async () => {
    const waits = new Waits();
    const all = Promise.all([waits.until('a', 300_000), waits.until(undefined, 300_000)]);
    waits.close();
    await all;
    expect(waits.pending).toBe(0);
    await waits.until('a', 300_000);
  });

  it('a client that goes away releases its wait', async () => {
    const waits = new Waits();
    const response = new EventEmitter();
    const waiting = waits.until('a', 300_000, response);
    response.emit('close');
    await waiting;
    expect(waits.pending).toBe(0);
    expect(response.listenerCount('close')).toBe(0);
  });

  it('blockWhileUnchanged answers at once when the index differs or is absent', async () => {
    const waits = new Waits();
    await blockWhileUnchanged(waits, 'a', { index: 3, waitMillis: 300_000 }, 4, new EventEmitter());
    await blockWhileUnchanged(waits, 'a', { waitMillis: 300_000 }, 4, new EventEmitter());
    expect(waits.pending).toBe(0);
  });

  it('blockWhileUnchanged waits while the index is the same, until notified', async () => {
    const waits = new Waits();
    let done = false;
    const blocked = blockWhileUnchanged(waits, 'a', { index: 4, waitMillis: 300_000 }, 4, new EventEmitter()).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    waits.notify('a');
    await blocked;
    expect(done).toBe(true);
  });
});
