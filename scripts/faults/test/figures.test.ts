// The figures of a fault timeline, from hand-made buckets.
import { describe, expect, it } from 'vitest';
import type { TimelineBucket } from '../../load/timeline-types.js';
import { encodeHistogram, newMicrosHistogram, recordMicros } from '../../stats/histogram.js';
import { peakRssBytes, recoverySeconds, retryAmplification, windowFigures } from '../figures.js';

function bucket(ok: number, latencyMicros: number, failed = 0, status = '503'): TimelineBucket {
  const histogram = newMicrosHistogram();
  for (let i = 0; i < ok; i++) recordMicros(histogram, latencyMicros);
  const encoded = encodeHistogram(histogram);
  histogram.destroy();
  return {
    sent: ok + failed,
    ok,
    non2xx: failed,
    errors: 0,
    timeouts: 0,
    latencyHistogram: encoded,
    statuses: failed > 0 ? { [status]: failed } : {},
    errorCodes: {},
  };
}

/** 1 s before (healthy, 1 ms), 1 s during (all failed), 1 s after: `after` buckets given. */
function timeline(after: TimelineBucket[]) {
  return {
    bucketSeconds: 0.25,
    buckets: [...Array.from({ length: 4 }, () => bucket(10, 1000)), ...Array.from({ length: 4 }, () => bucket(0, 0, 10)), ...after],
  };
}

describe('fault timeline figures', () => {
  it('a window adds up the buckets whose middle lies in it, with merged latencies and failures by kind', () => {
    const figures = windowFigures(timeline([]), { startSeconds: 1, endSeconds: 2 });
    expect(figures).toMatchObject({ requests: 40, ok: 0, failed: 40, errorRate: 1, p50Micros: null, statuses: { 503: 40 } });
    const before = windowFigures(timeline([]), { startSeconds: 0, endSeconds: 1 });
    expect(before.failed).toBe(0);
    expect(before.p50Micros).toBeGreaterThanOrEqual(999);
    expect(before.p50Micros).toBeLessThanOrEqual(1001);
  });

  it('a baseline of whole buckets leaves out the bucket the fault began in', () => {
    // The fault begins at 0.9 s, inside the fourth bucket (0.75-1.0), which by its middle belongs to the baseline.
    expect(windowFigures(timeline([]), { startSeconds: 0, endSeconds: 0.9 }).requests).toBe(40);
    expect(windowFigures(timeline([]), { startSeconds: 0, endSeconds: 0.9 }, 'whole').requests).toBe(30);
  });

  it("recovery is the time from the fault's end to the first bucket from which every bucket is healthy", () => {
    const healthy = () => bucket(10, 1000);
    const data = timeline([bucket(0, 0, 10), bucket(5, 1000, 5), healthy(), healthy()]);
    expect(recoverySeconds(data, 2, 3, 1000)).toBeCloseTo(0.5);
  });

  it('a fault that left no mark after it ended recovers in 0 s; one still failing at the end does not recover', () => {
    const healthy = () => bucket(10, 1000);
    expect(recoverySeconds(timeline([healthy(), healthy()]), 2, 2.5, 1000)).toBe(0);
    expect(recoverySeconds(timeline([healthy(), bucket(0, 0, 10)]), 2, 2.5, 1000)).toBeNull();
  });

  it('a bucket much slower than the baseline is not recovered, even without failures', () => {
    const data = timeline([bucket(10, 200_000), bucket(10, 1000)]);
    expect(recoverySeconds(data, 2, 2.5, 1000)).toBeCloseTo(0.25);
  });

  it('peak RSS of a role is read from the samples inside the window, shifted onto the timeline', () => {
    const series = [
      {
        role: 'app' as const,
        samples: [0, 1, 2, 3].map((second) => ({ elapsedSeconds: second, cpuSeconds: 0, rssBytes: (second + 1) * 100, processes: 1 })),
      },
    ];
    // Samples land at 0.5, 1.5, 2.5, 3.5 on the timeline: the window holds the second and the third.
    expect(peakRssBytes(series, 'app', 0.5, { startSeconds: 1, endSeconds: 3 })).toBe(300);
    expect(peakRssBytes(series, 'sidecar', 0, { startSeconds: 0, endSeconds: 10 })).toBeNull();
  });

  it('amplification is tries over calls, undefined without calls', () => {
    expect(retryAmplification(125, 100)).toBe(1.25);
    expect(retryAmplification(3, 0)).toBeNull();
  });
});
