// The run's event channel: order, stamping, scenario marking, unsubscribing, a failing listener kept apart; and the
// progress estimate the terminal bar and the live view both read from it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunEvents, type RunEvent } from '../events.js';
import { ProgressEstimate } from '../../bench/progress-estimate.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('RunEvents', () => {
  it('delivers every event to every listener, in order, stamped with the wall clock', () => {
    const events = new RunEvents();
    const first: RunEvent[] = [];
    const second: string[] = [];
    events.subscribe((event) => first.push(event));
    events.subscribe((event) => second.push(event.type));
    const before = Date.now();
    events.emit({ type: 'run-started', runId: 'r', tier: 'smoke', scenarios: ['isolation'], estimateSeconds: 10 });
    events.emit({ type: 'step-started', scenario: 'isolation', label: 'isolation: feature-crash on ts/library' });
    events.emit({ type: 'run-finished', status: 'complete' });
    expect(second).toEqual(['run-started', 'step-started', 'run-finished']);
    expect(first.map((event) => event.type)).toEqual(second);
    for (const event of first) expect(event.atEpochMillis).toBeGreaterThanOrEqual(before);
  });

  it("marks a scenario's events with its id, as its context hands them", () => {
    const events = new RunEvents();
    const seen: RunEvent[] = [];
    events.subscribe((event) => seen.push(event));
    const emit = events.forScenario('isolation');
    emit({ type: 'fault-injected', fault: 'sidecar-kill', how: 'kill -9 of the sidecar', cell: { lang: 'ts', mode: 'sidecar' } });
    emit({ type: 'fault-cleared', fault: 'sidecar-kill', cell: { lang: 'ts', mode: 'sidecar' } });
    expect(seen).toMatchObject([
      { type: 'fault-injected', scenario: 'isolation', fault: 'sidecar-kill', cell: { lang: 'ts', mode: 'sidecar' } },
      { type: 'fault-cleared', scenario: 'isolation', fault: 'sidecar-kill' },
    ]);
  });

  it('stops delivering to a listener that unsubscribed', () => {
    const events = new RunEvents();
    const seen: string[] = [];
    const unsubscribe = events.subscribe((event) => seen.push(event.type));
    events.emit({ type: 'note', text: 'one' });
    unsubscribe();
    events.emit({ type: 'note', text: 'two' });
    expect(seen).toEqual(['note']);
  });

  it('keeps a failing listener from the others, and says so', () => {
    const events = new RunEvents();
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const seen: string[] = [];
    events.subscribe(() => {
      throw new Error('display bug');
    });
    events.subscribe((event) => seen.push(event.type));
    events.emit({ type: 'note', text: 'still delivered' });
    expect(seen).toEqual(['note']);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('display bug'));
    stderr.mockRestore();
  });
});

describe('ProgressEstimate', () => {
  it("advances by each phase's estimate, holds below a late phase's end, and counts down what is left", () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const events = new RunEvents();
    const estimate = new ProgressEstimate(events);
    events.emit({ type: 'run-started', runId: 'r', tier: 'smoke', scenarios: ['a', 'b'], estimateSeconds: 100 });
    events.emit({ type: 'scenario-started', scenario: 'a', title: 'a', estimateSeconds: 40 });
    vi.advanceTimersByTime(10_000);
    expect(estimate.snapshot()).toMatchObject({ secondsLeft: 90, label: 'a' });
    expect(estimate.snapshot().fraction).toBeCloseTo(0.1, 5);
    // Past its estimate, the phase holds at 99% of it rather than claiming more.
    vi.advanceTimersByTime(60_000);
    expect(estimate.doneSeconds()).toBeCloseTo(39.6, 5);
    events.emit({ type: 'scenario-finished', scenario: 'a', status: 'ok', durationSeconds: 70 });
    events.emit({ type: 'scenario-started', scenario: 'b', title: 'b', estimateSeconds: 60 });
    events.emit({ type: 'step-started', scenario: 'b', label: 'b: step 1' });
    expect(estimate.snapshot()).toMatchObject({ secondsLeft: 60, label: 'b: step 1' });
  });
});
