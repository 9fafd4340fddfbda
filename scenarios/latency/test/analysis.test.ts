// The latency analysis withholds a percentile a step's own generator could not vouch for.
import { describe, expect, it } from 'vitest';
import { syntheticResults } from '../../test/synthetic-results.js';
import { analyzeLatency } from '../analysis.js';
import type { LatencyData } from '../types.js';

function latencyOf(results: ReturnType<typeof syntheticResults>): LatencyData {
  return results.scenarios.find((one) => one.id === 'latency')!.data as LatencyData;
}

describe('percentiles the generator vouches for', () => {
  it("a step reports a percentile only where the generator's own lateness there is under half of it", () => {
    const data = latencyOf(syntheticResults({ sidecarAddedMicros: 300 }));
    const sidecarSteps = data.steps.filter((step) => step.kind === 'fixed' && step.mode === 'sidecar');
    // The sidecar's steps get the latency histogram of their own pacing: every percentile is all lateness.
    for (const step of sidecarSteps) step.load = { ...step.load, pacingHistogram: step.load.latencyHistogram };
    const sidecar = analyzeLatency(data).fixedRates.find((figure) => figure.mode === 'sidecar')!;
    expect(sidecar.percentiles.every((p) => p.withheld === sidecar.validRepetitions && p.latency === null && p.added === null)).toBe(true);
    const library = analyzeLatency(data).fixedRates.find((figure) => figure.mode === 'library')!;
    expect(library.percentiles.every((p) => p.withheld === 0 && p.latency !== null)).toBe(true);
  });

  it('a generator on time withholds nothing', () => {
    const figures = analyzeLatency(latencyOf(syntheticResults())).fixedRates;
    expect(figures.flatMap((figure) => figure.percentiles).every((p) => p.withheld === 0)).toBe(true);
  });
});
