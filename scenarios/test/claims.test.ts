import { describe, expect, it } from 'vitest';
import type { ClaimRow } from '../../scripts/report/claims.js';
import type { IpcData } from '../ipc/run.js';
import type { LatencyData } from '../latency/types.js';
import type { PropagationData } from '../propagation/run.js';
import { isolation, isolationEpisode } from './synthetic-faults.js';
import { claimsOf, headlinesOf, SCENARIOS } from './support/registry.js';
import { noiseWarnings, renderReport } from '../../scripts/report/render.js';
import { validateResults } from '../../scripts/results/validate.js';
import { syntheticResults } from './synthetic-results.js';

function verdictOf(rows: ClaimRow[], id: string): string {
  return rows.find((row) => row.id === id)!.verdict;
}

describe('claims and verdict rules', () => {
  it('a sidecar that clearly adds latency at every rate supports K1', () => {
    expect(verdictOf(claimsOf(syntheticResults({ sidecarAddedMicros: 300 })), 'K1')).toBe('supported');
  });

  it('a sidecar that adds nothing measurable does not support K1 (within noise)', () => {
    const row = claimsOf(syntheticResults({ sidecarAddedMicros: 0 })).find((one) => one.id === 'K1')!;
    expect(row.verdict).toBe('not supported');
    expect(row.evidence).toMatch(/within noise/);
  });

  it('without sidecar cells every sidecar verdict is "not measured", never guessed', () => {
    const rows = claimsOf(syntheticResults({ modes: ['none', 'library'] }));
    for (const id of ['K1', 'K2', 'K3', 'C5']) expect(verdictOf(rows, id)).toBe('not measured');
  });

  it('a sidecar process of 60 MiB per instance supports K2, one of 1 MiB does not', () => {
    expect(verdictOf(claimsOf(syntheticResults({ sidecarRssBytes: 60 * 1024 * 1024 })), 'K2')).toBe('supported');
    expect(verdictOf(claimsOf(syntheticResults({ sidecarRssBytes: 1024 * 1024 })), 'K2')).toBe('not supported');
  });

  it('C4: local HTTP cheap beside a request of the service, with no failure, is supported; dear is not; failures make it depend; no baseline is not measured', () => {
    expect(verdictOf(claimsOf(syntheticResults()), 'C4')).toBe('supported');
    const dear = syntheticResults();
    const ipc = dear.scenarios.find((one) => one.id === 'ipc')!.data as IpcData;
    for (const repetition of ipc.repetitions) for (const task of repetition) if (task.transport.startsWith('http')) task.p50Nanos = 900_000;
    expect(verdictOf(claimsOf(dear), 'C4')).toBe('not supported');
    const failing = syntheticResults();
    const step = (failing.scenarios.find((one) => one.id === 'latency')!.data as LatencyData).steps.find(
      (one) => one.mode === 'sidecar' && one.kind === 'fixed',
    )!;
    step.load = { ...step.load, timeouts: 1 };
    expect(verdictOf(claimsOf(failing), 'C4')).toBe('depends');
    const noLatency = syntheticResults();
    noLatency.scenarios = noLatency.scenarios.filter((one) => one.id !== 'latency');
    expect(verdictOf(claimsOf(noLatency), 'C4')).toBe('not measured');
  });

  it('libraries of real size in several languages, each beside a sidecar glue under half its size, support C1', () => {
    const row = claimsOf(syntheticResults()).find((one) => one.id === 'C1')!;
    expect(row.verdict).toBe('supported');
    expect(row.evidence).toMatch(/the sidecar once: 4500 lines \(2400 of its own \+ 2100 reused from library\/ts\)/);
    expect(row.evidence).toMatch(/fewer lines from 3 languages on/);
  });

  it('a sidecar glue over half a language library makes C1 depend; a single library leaves it unmeasured', () => {
    const heavyGlue = syntheticResults();
    heavyGlue.codebase!.glue = heavyGlue.codebase!.glue.map((one) =>
      one.mode === 'sidecar' && one.lang === 'python' ? { ...one, lines: 1000 } : one,
    );
    expect(verdictOf(claimsOf(heavyGlue), 'C1')).toBe('depends');
    const oneLibrary = syntheticResults();
    oneLibrary.codebase!.implementations = oneLibrary.codebase!.implementations.filter(
      (one) => one.name === 'library/ts' || one.name === 'sidecar',
    );
    expect(verdictOf(claimsOf(oneLibrary), 'C1')).toBe('not measured');
    const noSaving = syntheticResults();
    noSaving.codebase!.glue = noSaving.codebase!.glue.map((one) => (one.mode === 'sidecar' ? { ...one, lines: 100_000 } : one));
    expect(verdictOf(claimsOf(noSaving), 'C1')).toBe('not supported');
  });

  it("a vector that passes in one language's library and fails in another's supports C2, naming it", () => {
    const row = claimsOf(syntheticResults({ consistency: { libraryDrift: true } })).find((one) => one.id === 'C2')!;
    expect(row.verdict).toBe('supported');
    expect(row.evidence).toMatch(/logs-synthetic-case \(ts pass, python fail, go pass\)/);
  });

  it('the same result in every library, on vectors and generated cases, does not support C2; one language alone leaves it unmeasured', () => {
    const row = claimsOf(syntheticResults()).find((one) => one.id === 'C2')!;
    expect(row.verdict).toBe('not supported');
    expect(row.evidence).toMatch(
      /5 vectors .* the same result in every language; 28 generated cases in 2 input families \(seed 7; 0 of them the known-drift list's replays\) .*: no two libraries differed/,
    );
    expect(verdictOf(claimsOf(syntheticResults({ consistency: { langs: ['ts'] } })), 'C2')).toBe('not measured');
  });

  it('a generated input two libraries take differently supports C2 though every vector agrees, naming the pair and input', () => {
    const row = claimsOf(syntheticResults({ consistency: { differential: 'libraryDrift' } })).find((one) => one.id === 'C2')!;
    expect(row.verdict).toBe('supported');
    expect(row.evidence).toMatch(/libraries differed on 1 kind\(s\) of input: settings\/hex python\/ts \(SCL_EGRESS_MAX_ATTEMPTS="0x10"\)/);
  });

  it("a generated drift between the sidecar and a library is not C2's: it stays not supported", () => {
    expect(verdictOf(claimsOf(syntheticResults({ consistency: { differential: 'sidecarDrift' } })), 'C2')).toBe('not supported');
  });

  it('vectors that agree with no generated case to test them leave C2 depending', () => {
    const row = claimsOf(syntheticResults({ consistency: { differential: 'absent' } })).find((one) => one.id === 'C2')!;
    expect(row.verdict).toBe('depends');
    expect(row.evidence).toMatch(/no generated case ran/);
  });

  it('the sidecar passing beside every language supports C6; an expected failure makes it depend; an unexpected one refutes it', () => {
    expect(verdictOf(claimsOf(syntheticResults()), 'C6')).toBe('supported');
    expect(verdictOf(claimsOf(syntheticResults({ consistency: { sidecarExpectedFailure: true } })), 'C6')).toBe('depends');
    const failed = claimsOf(syntheticResults({ consistency: { sidecarFailure: true } })).find((one) => one.id === 'C6')!;
    expect(failed.verdict).toBe('not supported');
    expect(failed.evidence).toMatch(/failed: go config-synthetic-case/);
  });

  it('sidecar glue at least twice the library adapter in every language supports K4; glue no larger does not', () => {
    const row = claimsOf(syntheticResults()).find((one) => one.id === 'K4')!;
    expect(row.verdict).toBe('supported');
    expect(row.evidence).toMatch(/go: sidecar 300 lines in 4 files, library adapter 60 lines/);
    const thin = syntheticResults();
    thin.codebase!.glue = thin.codebase!.glue.map((one) => (one.mode === 'sidecar' ? { ...one, lines: 60 } : one));
    expect(verdictOf(claimsOf(thin), 'K4')).toBe('not supported');
  });

  it('a cost that holds in one language and not another depends (K2 per language)', () => {
    const results = syntheticResults();
    const scale = results.scenarios.find((one) => one.id === 'scale')!.data as {
      points: { lang: string; roles: { role: string; rssBytes: number | null }[] }[];
    };
    // A second language whose sidecar adds only 1 MiB per instance.
    scale.points.push(
      ...scale.points.map((point) => ({
        ...point,
        lang: 'go',
        roles: point.roles.map((role) => (role.role === 'sidecar' ? { ...role, rssBytes: (role.rssBytes ?? 0) / 60 } : role)),
      })),
    );
    const row = claimsOf(results).find((one) => one.id === 'K2')!;
    expect(row.verdict).toBe('depends');
    expect(row.evidence).toMatch(/ts: sidecar mode .*; go: sidecar mode/);
  });

  it('without the consistency scenario C2 and C6 are "not measured", never guessed', () => {
    const results = syntheticResults();
    results.scenarios = results.scenarios.filter((one) => one.id !== 'consistency');
    const rows = claimsOf(results);
    for (const id of ['C2', 'C6']) expect(verdictOf(rows, id)).toBe('not measured');
  });

  it('C5: config through the file in time and no record lost by a killed app support it; one of them depends; neither refutes it', () => {
    const killed = (lost: number) => isolation([isolationEpisode('app-kill', 'sidecar', { appSurvived: false, lost })]);
    expect(verdictOf(claimsOf(killed(0)), 'C5')).toBe('supported');
    const onlyPropagation = claimsOf(syntheticResults()).find((one) => one.id === 'C5')!;
    expect(onlyPropagation.verdict).toBe('depends');
    expect(onlyPropagation.evidence).toMatch(/the same file read twice: not counted/);
    expect(verdictOf(claimsOf(killed(3)), 'C5')).toBe('depends');
    const late = killed(3);
    const propagation = late.scenarios.find((one) => one.id === 'propagation')!.data as PropagationData;
    for (const one of propagation.runs) one.samples = one.samples.map((sample) => ({ ...sample, millis: null }));
    expect(verdictOf(claimsOf(late), 'C5')).toBe('not supported');
  });

  it('slower startup in sidecar mode supports K3 when the lifecycle scenario did not run', () => {
    expect(verdictOf(claimsOf(syntheticResults()), 'K3')).toBe('supported');
  });

  it('claims the bench cannot measure yet are "not measured" with what would measure them', () => {
    const rows = claimsOf(syntheticResults());
    for (const id of ['C3', 'C7', 'K5']) {
      const row = rows.find((one) => one.id === id)!;
      expect(row.verdict).toBe('not measured');
      expect(row.evidence.length).toBeGreaterThan(10);
    }
  });

  it('a results file with every scenario matches the schema and renders one canvas per chart', () => {
    const results = syntheticResults();
    expect(validateResults(results, SCENARIOS)).toEqual([]);
    const html = renderReport(results, SCENARIOS);
    const canvases = html.match(/<canvas /g)?.length ?? 0;
    expect(canvases).toBeGreaterThan(10);
    expect(html.match(/data-chart="/g)?.length).toBe(canvases);
    expect(html).not.toMatch(/could not be drawn/);
    // Offline: no resource is fetched from anywhere.
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
  });

  it('a results file missing required fields fails the schema with the field named', () => {
    const broken = { ...syntheticResults(), environment: undefined };
    expect(validateResults(broken, SCENARIOS).join()).toMatch(/environment/);
  });
});

describe('noise warnings', () => {
  it('a busy machine at the start and a failed calibration are said at the top of the report', () => {
    const quiet = syntheticResults();
    expect(noiseWarnings(quiet)).toEqual([]);
    const busy = syntheticResults();
    busy.environment.loadAverage = [11.7, 7.7, 5.8];
    busy.calibration![0]!.validity = {
      valid: false,
      reasons: ['achieved 118.6 req/s against a target of 1000 req/s'],
      warnings: [],
      smoke: false,
    };
    const warnings = noiseWarnings(busy);
    expect(warnings[0]).toMatch(/load average 11.7 on 2 cores/);
    expect(warnings[1]).toMatch(/Calibration failed \(no-op target: achieved 118.6 req\/s/);
    expect(renderReport(busy, SCENARIOS)).toContain('Calibration failed');
  });
});

describe('calibration gates what it vouches for', () => {
  it('passed: the latency verdict is computed and the latency headlines are quoted', () => {
    const results = syntheticResults({ sidecarAddedMicros: 300 });
    expect(verdictOf(claimsOf(results), 'K1')).toBe('supported');
    expect(headlinesOf(results).some((one) => one.key.startsWith('latency/'))).toBe(true);
  });

  it('a generator too late at p99 vouches for the centre, not the tail: K1 (from p50) is computed, p50 headlines quoted, no p99 one', () => {
    const late = syntheticResults({ sidecarAddedMicros: 300 });
    late.calibration![1]!.load.pacing.p99Micros = 4000;
    expect(verdictOf(claimsOf(late), 'K1')).toBe('supported');
    const latency = headlinesOf(late).filter((one) => one.key.startsWith('latency/') || one.key.startsWith('polyglot/'));
    expect(latency.some((one) => one.percentile === 50)).toBe(true);
    expect(latency.some((one) => (one.percentile ?? 0) >= 99)).toBe(false);
    expect(renderReport(late, SCENARIOS)).toMatch(
      /vouches for the centre, not the tail \(.*2 ms target: pacing p99 4000 µs \(bound 1000 µs\)/,
    );
  });

  it('a generator off at p50 (or a target rate not held) vouches for nothing: K1 is not measured, its figures still said, no latency headline is quoted', () => {
    const off = syntheticResults({ sidecarAddedMicros: 300 });
    off.calibration![0]!.overheadP50Micros = 900;
    const row = claimsOf(off).find((one) => one.id === 'K1')!;
    expect(row.verdict).toBe('not measured');
    expect(row.evidence).toMatch(/calibration failed \(no-op target: read 900 µs of overhead at p50/);
    expect(row.evidence).toMatch(/added at p50/);
    expect(headlinesOf(off).some((one) => one.key.startsWith('latency/') || one.key.startsWith('polyglot/'))).toBe(false);
    expect(headlinesOf(off).some((one) => one.key.startsWith('ipc/'))).toBe(true);
    expect(renderReport(off, SCENARIOS)).toMatch(/Calibration failed its bounds/);
  });
});

describe('every rule can come out every way (the outcomes no other test here reaches)', () => {
  it('K1 depends when the sidecar adds latency at one compared rate and not at another', () => {
    const results = syntheticResults({ sidecarAddedMicros: 300 });
    const latency = results.scenarios.find((one) => one.id === 'latency')!.data as LatencyData;
    // At 200 req/s the sidecar's steps read exactly what mode none read: no latency added there.
    const noneAt200 = latency.steps.filter((step) => step.kind === 'fixed' && step.mode === 'none' && step.ratePerSecond === 200);
    latency.steps
      .filter((step) => step.kind === 'fixed' && step.mode === 'sidecar' && step.ratePerSecond === 200)
      .forEach((step, index) => {
        step.load = noneAt200[index]!.load;
      });
    expect(verdictOf(claimsOf(results), 'K1')).toBe('depends');
  });

  it('K2 is not measured without the scale scenario', () => {
    const results = syntheticResults();
    results.scenarios = results.scenarios.filter((one) => one.id !== 'scale');
    expect(verdictOf(claimsOf(results), 'K2')).toBe('not measured');
  });

  it('K4 depends when one language needs much more glue for the sidecar and another does not, and is not measured without glue counts', () => {
    const mixed = syntheticResults();
    mixed.codebase!.glue = mixed.codebase!.glue.map((one) => (one.mode === 'sidecar' && one.lang === 'go' ? { ...one, lines: 60 } : one));
    expect(verdictOf(claimsOf(mixed), 'K4')).toBe('depends');
    const uncounted = syntheticResults();
    uncounted.codebase!.glue = [];
    expect(verdictOf(claimsOf(uncounted), 'K4')).toBe('not measured');
  });
});
