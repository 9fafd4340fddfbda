// The generator's live windows: every call reaches the measured schedule unchanged, and each window counts what it saw.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dispatcher } from 'undici';
import { LiveWindows, type LoadWindowReport } from '../live-windows.js';
import type { Schedule } from '../schedule.js';

afterEach(() => {
  vi.useRealTimers();
});

const REQUEST = { origin: 'http://127.0.0.1:1', method: 'GET', path: '/' } as Dispatcher.DispatchOptions;

describe('LiveWindows', () => {
  it('passes every call through and reports sent, answered, failed and p99 per window, then the last partial one', () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const inner: Schedule = {
      started: (start) => calls.push(`started ${start}`),
      due: (index) => {
        calls.push(`due ${index}`);
        return index === 3 ? undefined : REQUEST;
      },
      answered: (index, _intended, status) => calls.push(`answered ${index} ${status}`),
      failed: (index, _intended, code) => calls.push(`failed ${index} ${code}`),
    };
    const windows: LoadWindowReport[] = [];
    const live = new LiveWindows(inner, 0.5, (window) => windows.push(window));
    live.started(0, Date.now());
    expect(live.due(0, 0)).toBe(REQUEST);
    live.due(1, 1000);
    live.answered(0, 0, 200, 2_000);
    live.answered(1, 1000, 503, 3_000);
    vi.advanceTimersByTime(500);
    live.due(2, 2000);
    // Nowhere to send it: not counted as sent.
    expect(live.due(3, 3000)).toBeUndefined();
    live.failed(2, 2000, 'ECONNREFUSED');
    live.stop();
    expect(calls).toEqual(['started 0', 'due 0', 'due 1', 'answered 0 200', 'answered 1 503', 'due 2', 'due 3', 'failed 2 ECONNREFUSED']);
    expect(windows).toHaveLength(2);
    expect(windows[0]).toMatchObject({ fromSeconds: 0, sent: 2, ok: 1, failed: 1 });
    expect(windows[0]!.p99Micros).toBeGreaterThanOrEqual(1990);
    expect(windows[0]!.p99Micros).toBeLessThanOrEqual(2010);
    expect(windows[1]).toMatchObject({ sent: 1, ok: 0, failed: 1, p99Micros: null });
  });
});
