// The figure each rule names as the one its verdict turned on: the very value it read, one that moves with the data,
// none where several figures decided at once, and none on a verdict calibration does not vouch for.
import { describe, expect, it } from 'vitest';
import type { IpcData } from '../ipc/run.js';
import type { LatencyData } from '../latency/types.js';
import { claim, claimsOf, headlinesOf } from './support/registry.js';
import { isolation, isolationEpisode, lifecycle, lifecycleRun, resilience, resilienceEpisode } from './synthetic-faults.js';
import { syntheticResults } from './synthetic-results.js';

const MIB = 1024 * 1024;

describe('the deciding figure of each rule', () => {
  it('K1: the added p50 of the step whose interval reaches lowest, exactly as its headline quotes it', () => {
    const results = syntheticResults({ sidecarAddedMicros: 300 });
    const row = claim('K1', results);
    const steps = headlinesOf(results).filter((one) => /^latency\/\w+\/sidecar\/\d+\/p50-added$/.test(one.key));
    const weakest = steps.reduce((low, one) => (one.estimate.low < low.estimate.low ? one : low));
    expect(row.verdict).toBe('supported');
    expect(row.deciding).toMatchObject({
      unit: 'µs',
      value: weakest.estimate.median,
      interval: { low: weakest.estimate.low, high: weakest.estimate.high },
      comparedWith: { value: 0 },
    });

    // At 200 req/s the sidecar reads what mode none read: that step is now the one that keeps K1 from "every rate".
    const mixed = syntheticResults({ sidecarAddedMicros: 300 });
    const latency = mixed.scenarios.find((one) => one.id === 'latency')!.data as LatencyData;
    const noneAt200 = latency.steps.filter((step) => step.kind === 'fixed' && step.mode === 'none' && step.ratePerSecond === 200);
    latency.steps
      .filter((step) => step.kind === 'fixed' && step.mode === 'sidecar' && step.ratePerSecond === 200)
      .forEach((step, index) => {
        step.load = noneAt200[index]!.load;
      });
    const depends = claim('K1', mixed);
    expect(depends.verdict).toBe('depends');
    expect(depends.deciding!.label).toMatch(/at 200 req\/s/);
    expect(depends.deciding!.interval!.low).toBeLessThanOrEqual(0);
  });

  it('K1 under a failed calibration: "not measured", and the row carries no figure', () => {
    const off = syntheticResults({ sidecarAddedMicros: 300 });
    off.calibration![0]!.overheadP50Micros = 900;
    const row = claim('K1', off);
    expect(row.verdict).toBe('not measured');
    expect(row.deciding).toBeUndefined();
  });

  it('K2: the smallest extra memory per instance when supported; the language under the threshold when it depends', () => {
    const supported = claim('K2', syntheticResults({ sidecarRssBytes: 60 * MIB }));
    expect(supported.verdict).toBe('supported');
    expect(supported.deciding).toMatchObject({ unit: 'bytes', comparedWith: { value: 10 * MIB } });
    expect(supported.deciding!.value).toBeGreaterThanOrEqual(10 * MIB);
    const results = syntheticResults();
    const scale = results.scenarios.find((one) => one.id === 'scale')!.data as {
      points: { lang: string; roles: { role: string; rssBytes: number | null }[] }[];
    };
    scale.points.push(
      ...scale.points.map((point) => ({
        ...point,
        lang: 'go',
        roles: point.roles.map((role) => (role.role === 'sidecar' ? { ...role, rssBytes: (role.rssBytes ?? 0) / 60 } : role)),
      })),
    );
    const depends = claim('K2', results);
    expect(depends.verdict).toBe('depends');
    expect(depends.deciding!.label).toMatch(/^go:/);
    expect(depends.deciding!.value).toBeLessThan(10 * MIB);
  });

  it('C4: the slowest local channel against half a request when it is fast or not; the failures when they make it depend', () => {
    const fast = claim('C4', syntheticResults());
    expect(fast.verdict).toBe('supported');
    expect(fast.deciding!.value).toBeLessThan(fast.deciding!.comparedWith!.value);
    const dear = syntheticResults();
    for (const repetition of (dear.scenarios.find((one) => one.id === 'ipc')!.data as IpcData).repetitions)
      for (const task of repetition) if (task.transport.startsWith('http')) task.p50Nanos = 900_000;
    const slow = claim('C4', dear);
    expect(slow.verdict).toBe('not supported');
    expect(slow.deciding).toMatchObject({ unit: 'µs', value: 900 });
    expect(slow.deciding!.value).toBeGreaterThan(slow.deciding!.comparedWith!.value);
    const failing = syntheticResults();
    const step = (failing.scenarios.find((one) => one.id === 'latency')!.data as LatencyData).steps.find(
      (one) => one.mode === 'sidecar' && one.kind === 'fixed',
    )!;
    step.load = { ...step.load, timeouts: 1 };
    expect(claim('C4', failing).deciding).toMatchObject({ unit: 'count', value: 1 });
  });

  it("C5: the check that failed decides; with both held, the killed app's loss stands for them", () => {
    const killed = (lost: number) => isolation([isolationEpisode('app-kill', 'sidecar', { appSurvived: false, lost })]);
    expect(claim('C5', killed(0))).toMatchObject({ verdict: 'supported', deciding: { unit: 'count', value: 0 } });
    expect(claim('C5', killed(3))).toMatchObject({ verdict: 'depends', deciding: { unit: 'count', value: 3 } });
    const onlyPropagation = claim('C5', syntheticResults());
    expect(onlyPropagation.deciding).toMatchObject({ unit: 'ms', comparedWith: { value: 1000 } });
  });

  it("C3: the spared crash against the library's; the app hurt; none when the sidecar's death makes it depend", () => {
    // The same bug run the same way: on the main thread in both modes (the library's feature-crash, the sidecar's -main-thread).
    const crash = (mode: 'library' | 'sidecar', failedDuring: number, appSurvived = true) =>
      isolationEpisode(mode === 'sidecar' ? 'feature-crash-main-thread' : 'feature-crash', mode, { failedDuring, appSurvived });
    const supported = claim(
      'C3',
      isolation([crash('sidecar', 0), crash('library', 10, false), isolationEpisode('sidecar-kill', 'sidecar', { failedDuring: 0 })]),
    );
    expect(supported.deciding).toMatchObject({ unit: 'share', value: 0, comparedWith: { label: 'with feature-crash in library mode' } });
    expect(supported.deciding!.comparedWith!.value).toBeGreaterThan(0);
    const hurt = claim('C3', isolation([crash('sidecar', 0, false), crash('library', 10, false)]));
    expect(hurt.verdict).toBe('not supported');
    expect(hurt.deciding!.label).toMatch(/the app died/);
    expect(
      claim(
        'C3',
        isolation([crash('sidecar', 0), crash('library', 10, false), isolationEpisode('sidecar-kill', 'sidecar', { failedDuring: 6 })]),
      ).deciding,
    ).toBeUndefined();
  });

  it('A1: the measure the ambassador did worse on: tries, a double charge, or the failed share', () => {
    expect(
      claim('A1', resilience([resilienceEpisode('library', 0), resilienceEpisode('sidecar', 0, { tries: 200 })])).deciding,
    ).toMatchObject({ unit: 'x' });
    expect(
      claim('A1', resilience([resilienceEpisode('library', 0), resilienceEpisode('sidecar', 0, { twice: 1 })])).deciding,
    ).toMatchObject({ unit: 'count', value: 1, comparedWith: { value: 0 } });
    const worse = claim('A1', resilience([resilienceEpisode('library', 0), resilienceEpisode('sidecar', 4)]));
    expect(worse.deciding).toMatchObject({ unit: 'share' });
    expect(worse.deciding!.value).toBeGreaterThan(worse.deciding!.comparedWith!.value);
  });

  it('K3: the listing delay against its threshold when listing alone decided; none when failed requests coupled a language', () => {
    const later = claim('K3', lifecycle([lifecycleRun('library', 'app-first', 0.8, 0), lifecycleRun('sidecar', 'together', 1.5, 0)]));
    expect(later.verdict).toBe('supported');
    expect(later.deciding).toMatchObject({ unit: 's', comparedWith: { value: 0.1 } });
    expect(later.deciding!.value).toBeCloseTo(0.7, 1);
    expect(
      claim('K3', lifecycle([lifecycleRun('library', 'app-first', 0.8, 0), lifecycleRun('sidecar', 'together', 0.8, 2)])).deciding,
    ).toBeUndefined();
  });

  it('C1, C2, C6, K4: counted lines and vectors, from the code count and the conformance matrix', () => {
    const rows = claimsOf(syntheticResults());
    const of = (id: string) => rows.find((row) => row.id === id)!;
    expect(of('C1').deciding).toMatchObject({ unit: 'lines' });
    expect(of('C1').deciding!.value).toBeLessThanOrEqual(0.5 * of('C1').deciding!.comparedWith!.value);
    expect(of('K4').deciding).toMatchObject({ unit: 'lines', value: 300, comparedWith: { value: 60 } });
    expect(of('C6').deciding).toMatchObject({ unit: 'count', value: 0 });
    expect(of('C2').deciding).toMatchObject({ unit: 'count', value: 0 });
  });
});
