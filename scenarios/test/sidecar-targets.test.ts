// The lean sidecar's targets: one rule that reaches every outcome, the same rule in the hop benchmark and the report,
// and the report's tables following the data.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../scripts/report/render.js';
import { judgeTarget, sidecarTarget } from '../common/sidecar-targets.js';
import { judgeHopTargets } from '../../sidecar/bench/hop-targets.js';
import { analyzeResourcesRun } from '../resources/analysis.js';
import type { ResourcesData } from '../resources/run.js';
import { resourceTargets } from '../resources/targets.js';
import { analyzeLatency } from '../latency/analysis.js';
import type { LatencyData } from '../latency/types.js';
import { latencyTargets } from '../latency/targets.js';
import { SCENARIOS } from './support/registry.js';
import { syntheticResults, type SyntheticKnobs } from './synthetic-results.js';

const MIB = 1024 * 1024;
const estimate = (median: number, low: number, high: number, n = 3) => ({ median, low, high, n });

function dataOf<T>(knobs: Partial<SyntheticKnobs>, id: string): T {
  return syntheticResults({ modes: ['none', 'library', 'sidecar', 'native'], ...knobs }).scenarios.find((one) => one.id === id)!.data as T;
}

describe('sidecar targets', () => {
  it('judges a figure every way the data allows', () => {
    const rss = sidecarTarget('idle-rss');
    expect(judgeTarget(rss, estimate(40e6, 38e6, 45e6)).outcome).toBe('met');
    expect(judgeTarget(rss, estimate(60e6, 55e6, 65e6)).outcome).toBe('not met');
    expect(judgeTarget(rss, estimate(49e6, 45e6, 55e6)).outcome).toBe('undecided');
    expect(judgeTarget(rss, estimate(40e6, 40e6, 40e6, 2)).outcome).toBe('undecided');
    expect(judgeTarget(rss, null).outcome).toBe('not measured');
    expect(judgeTarget(rss, 51e6).outcome).toBe('not met');
    const cpu = sidecarTarget('cores-per-1000');
    expect(judgeTarget(cpu, 0.1, 500).outcome).toBe('other rate');
    expect(judgeTarget(cpu, 0.1, 1000).outcome).toBe('met');
    const saturation = sidecarTarget('saturation-over-library');
    expect(judgeTarget(saturation, 0.6).outcome).toBe('met');
    expect(judgeTarget(saturation, 0.4).outcome).toBe('not met');
  });

  it('the hop benchmark judges its readings by the same rule, and says what it does not measure', () => {
    const figures = {
      rate: 1000,
      idleRssBytes: 90e6,
      loadedRssBytes: 60e6,
      idlePrivateBytes: 20e6,
      loadedPrivateBytes: 50e6,
      coresPer1000: 0.2,
      addedP99Micros: 800,
      saturationCpuOverNative: null,
    };
    const outcomes = Object.fromEntries(judgeHopTargets(figures).map((one) => [one.target.id, one.outcome]));
    expect(outcomes).toEqual({
      'idle-rss': 'not met',
      'loaded-rss': 'met',
      'idle-private': 'met',
      'loaded-private': 'not met',
      'cores-per-1000': 'not met',
      'added-p99': 'met',
      'saturation-cpu-over-native': 'not measured',
      'saturation-over-library': 'not measured',
    });
    expect(judgeHopTargets({ ...figures, rate: 500 }).find((one) => one.target.id === 'added-p99')!.outcome).toBe('other rate');
  });

  it("judges the sidecar role's memory from the run, and its CPU only at the target's rate", () => {
    const outcomes = (sidecarRssBytes: number) =>
      Object.fromEntries(
        resourceTargets(analyzeResourcesRun(dataOf<ResourcesData>({ sidecarRssBytes }, 'resources')).modes).map((row) => [
          row.judged.target.id,
          row.judged.outcome,
        ]),
      );
    // The synthetic sidecar's private memory is half its RSS.
    expect(outcomes(60 * MIB)).toMatchObject({ 'idle-rss': 'not met', 'loaded-rss': 'met', 'idle-private': 'not met' });
    expect(outcomes(40 * MIB)).toMatchObject({ 'idle-rss': 'met', 'idle-private': 'met', 'loaded-private': 'met' });
    // The synthetic resources windows are at 200 req/s.
    expect(outcomes(40 * MIB)['cores-per-1000']).toBe('other rate');
  });

  it('judges added p99 at 1000 req/s only, and saturation over library mode from the valid steps', () => {
    const rows = (knobs: Partial<SyntheticKnobs>, edit: (data: LatencyData) => void = () => {}) => {
      const data = dataOf<LatencyData>(knobs, 'latency');
      edit(data);
      return latencyTargets(analyzeLatency(data)).map((row) => [row.judged.target.id, row.judged.ratePerSecond, row.judged.outcome]);
    };
    // The synthetic p99s are noisy (1% of answers land 3x late): nothing added keeps the whole interval under 1 ms.
    expect(rows({ sidecarAddedMicros: 0 })).toEqual([
      ['added-p99', 200, 'other rate'],
      ['added-p99', 1000, 'met'],
      ['saturation-over-library', null, 'met'],
    ]);
    const slow = rows({ sidecarAddedMicros: 5000 }, (data) => {
      data.saturation.find((step) => step.mode === 'sidecar')!.result.requestsPerSecond = 1000;
    });
    expect(slow).toEqual([
      ['added-p99', 200, 'other rate'],
      ['added-p99', 1000, 'not met'],
      ['saturation-over-library', null, 'not met'],
    ]);
    const noSaturation = rows({}, (data) => {
      data.saturation = [];
    });
    expect(noSaturation.at(-1)).toEqual(['saturation-over-library', null, 'not measured']);
  });

  it('the report shows both tables, and their outcomes follow the data', () => {
    const lean = renderReport(syntheticResults({ modes: ['none', 'library', 'sidecar'], sidecarRssBytes: 40 * MIB }), SCENARIOS);
    const heavy = renderReport(syntheticResults({ modes: ['none', 'library', 'sidecar'], sidecarRssBytes: 90 * MIB }), SCENARIOS);
    for (const html of [lean, heavy]) {
      expect(html).toContain('id="resources-targets"');
      expect(html).toContain('id="latency-targets"');
    }
    const idleRow = (html: string) =>
      /<td>RSS at idle<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td><span class="verdict [^"]*">([^<]*)</.exec(html)?.[1];
    expect(idleRow(lean)).toBe('met');
    expect(idleRow(heavy)).toBe('not met');
  });
});
