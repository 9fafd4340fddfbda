import { SCENARIOS } from './support/registry.js';
import { latencyScenario } from '../latency/index.js';
import { describe, expect, it } from 'vitest';
import { curveRates } from '../latency/run.js';
import { interleaved } from '../common/workload.js';
import { featureCells, featureSets } from '../features/run.js';
import { checkoutScope, polyglotModes } from '../polyglot/run.js';
import { POLYGLOT_CHECKOUTS } from '../polyglot/topology.js';
import { parseBenchArgs } from '../../scripts/bench/options.js';
import type { BenchOptions } from '../../scripts/results/types.js';
import type { Cell } from '../../scripts/engine/scenario.js';
import { latencyStep, metricValue } from '../resources/run.js';
import { profileCell, profileCells, profiledRoles } from '../profile/run.js';
import { topSelfTime } from '../profile/cpuprofile.js';

describe('scenario helpers', () => {
  it('modes are interleaved in a rotating order, so none always goes first', () => {
    expect(interleaved(['none', 'library', 'sidecar'], 0)).toEqual(['none', 'library', 'sidecar']);
    expect(interleaved(['none', 'library', 'sidecar'], 1)).toEqual(['library', 'sidecar', 'none']);
    expect(interleaved([], 3)).toEqual([]);
  });

  it('the latency curve spans fractions of the highest saturation, capped where the generator still paces well', () => {
    const full = latencyScenario.tiers.full.settings;
    const twoPoints = { ...full, curveFractions: [0.5, 0.9] };
    expect(curveRates(twoPoints, [2000, 4000])).toEqual([1500, 2700]);
    expect(curveRates(twoPoints, [1000])).toEqual([500, 900]);
    expect(curveRates(latencyScenario.tiers.quick.settings, [1000])).toEqual([]);
    expect(curveRates(full, [1000])).toEqual([250, 500, 750, 900, 1000]);
    expect(curveRates(latencyScenario.tiers.smoke.settings, [1000])).toEqual([]);
  });

  it('features are tried one at a time (and all together in a full run); smoke only tries all together', () => {
    expect(featureSets('quick')).toHaveLength(5);
    expect(featureSets('full')).toHaveLength(6);
    expect(featureSets('quick')[0]).toEqual(['metrics']);
    expect(featureSets('smoke')).toEqual([['metrics', 'logs', 'registry', 'config', 'egress']]);
  });

  it('quick runs measure the features of one language (ts when there); full runs of every language', () => {
    const cells = [
      { lang: 'go', mode: 'sidecar' },
      { lang: 'ts', mode: 'none' },
      { lang: 'ts', mode: 'sidecar' },
    ] as const;
    expect(featureCells(cells, false)).toEqual([
      { lang: 'ts', mode: 'none' },
      { lang: 'ts', mode: 'sidecar' },
    ]);
    expect(featureCells(cells, true)).toHaveLength(3);
    expect(
      featureCells(
        [
          { lang: 'go', mode: 'none' },
          { lang: 'python', mode: 'none' },
        ],
        false,
      ),
    ).toEqual([{ lang: 'go', mode: 'none' }]);
    expect(featureCells([], false)).toEqual([]);
  });

  it('a polyglot checkout runs a mode only when its three cells can, and says which cell kept it out', () => {
    const options = parseBenchArgs([], SCENARIOS) as BenchOptions;
    const available = (['ts', 'python', 'go', 'java'] as const)
      .flatMap((lang) => (['none', 'library', 'sidecar', 'native'] as const).map((mode) => ({ lang, mode })))
      .filter((cell) => !(cell.lang === 'go' && cell.mode === 'library'));
    const skippedCells: { cell: Cell; reason: string }[] = [
      { cell: { lang: 'go', mode: 'library' }, reason: 'failed conformance (x)' },
      ...(['none', 'library', 'sidecar', 'native'] as const).map((mode) => ({ cell: { lang: 'rust', mode }, reason: 'toolchain missing' })),
    ];
    const [first, second] = POLYGLOT_CHECKOUTS;
    const firstModes = polyglotModes({ options, available, skippedCells }, first!, checkoutScope(0, first!));
    expect(firstModes.modes).toEqual(['none', 'sidecar', 'native']);
    expect(firstModes.messages).toEqual([
      {
        level: 'skipped',
        scope: 'polyglot/library',
        text: 'the checkout web (ts), customers (python), payment (go) in mode library needs go/library: failed conformance (x)',
      },
    ]);
    // The second checkout lacks rust in every mode: each mode names the missing cell under the checkout's own scope.
    const secondModes = polyglotModes({ options, available, skippedCells }, second!, checkoutScope(1, second!));
    expect(secondModes.modes).toEqual([]);
    expect(secondModes.messages.map((message) => message.scope)).toEqual([
      'polyglot/java-rust-ts/none',
      'polyglot/java-rust-ts/library',
      'polyglot/java-rust-ts/sidecar',
      'polyglot/java-rust-ts/native',
    ]);
    expect(secondModes.messages[0]!.text).toBe(
      'the checkout web (java), customers (rust), payment (ts) in mode none needs rust/none: toolchain missing',
    );
  });

  it('an unlabelled sample is read from Prometheus text', () => {
    const text = '# HELP x\nscl_app_resident_memory_bytes 52428800\nscl_app_cpu_seconds_total{} 1.25\n';
    expect(metricValue(text, 'scl_app_resident_memory_bytes')).toBe(52428800);
    expect(metricValue(text, 'scl_app_cpu_seconds_total')).toBe(1.25);
    expect(metricValue(text, 'scl_missing')).toBeNull();
  });

  it('the profile prefers the ts sidecar, then any sidecar, then the ts library app', () => {
    expect(
      profileCell([
        { lang: 'go', mode: 'sidecar' },
        { lang: 'ts', mode: 'sidecar' },
      ]),
    ).toEqual({ lang: 'ts', mode: 'sidecar' });
    expect(
      profileCell([
        { lang: 'ts', mode: 'none' },
        { lang: 'ts', mode: 'library' },
      ]),
    ).toEqual({ lang: 'ts', mode: 'library' });
    expect(profileCell([{ lang: 'ts', mode: 'none' }])).toBeUndefined();
  });

  it('the ts library app is profiled beside the sidecar cell, and alone without one', () => {
    const library = { lang: 'ts', mode: 'library' } as const;
    expect(profileCells([library, { lang: 'go', mode: 'sidecar' }])).toEqual([{ lang: 'go', mode: 'sidecar' }, library]);
    expect(profileCells([{ lang: 'ts', mode: 'none' }, library])).toEqual([library]);
    expect(profileCells([{ lang: 'ts', mode: 'none' }])).toEqual([]);
  });

  it('only node processes are profiled (the signal would end any other): the sidecar, and the app in ts', () => {
    expect(profiledRoles({ lang: 'ts', mode: 'sidecar' })).toEqual(['sidecar', 'app']);
    expect(profiledRoles({ lang: 'go', mode: 'sidecar' })).toEqual(['sidecar']);
    expect(profiledRoles({ lang: 'ts', mode: 'library' })).toEqual(['app']);
    expect(profiledRoles({ lang: 'rust', mode: 'library' })).toEqual([]);
  });

  it('self time is charged to the function each sample landed in', () => {
    const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 9, columnNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('parse', 'file:///x/node_modules/undici/lib/parser.js') },
        { id: 3, callFrame: frame('(idle)') },
      ],
      samples: [2, 2, 3, 2],
      timeDeltas: [1000, 1000, 2000, 1000],
      startTime: 0,
      endTime: 5000,
    };
    const { totalMillis, functions } = topSelfTime(profile, 5);
    expect(totalMillis).toBe(5);
    expect(functions[0]).toEqual({ function: 'parse (node_modules/undici/lib/parser.js:10)', selfMillis: 3, selfPercent: 60 });
    expect(functions[1]!.function).toBe('(idle)');
  });
});

describe('resources reuse the latency scenario', () => {
  it("the loaded window of a cell, rate and repetition is the latency scenario's sampled step, when there is one", () => {
    const windows = [{ role: 'app' as const, cpuSeconds: 0.1, cpuMillisPer1000Requests: 200, rssBytes: 1 }];
    const step = {
      kind: 'fixed' as const,
      lang: 'go',
      mode: 'sidecar' as const,
      ratePerSecond: 500,
      repetition: 1,
      load: {} as never,
      validity: { valid: true, reasons: [], warnings: [], smoke: false },
      windows,
    };
    const earlier = [
      {
        id: 'latency' as const,
        status: 'ok' as const,
        startedAt: '',
        durationSeconds: 1,
        messages: [],
        data: { steps: [step, { ...step, kind: 'curve' as const, repetition: 0, windows: undefined }] },
      },
    ];
    expect(latencyStep(earlier, { lang: 'go', mode: 'sidecar' }, 500, 1)?.windows).toBe(windows);
    expect(latencyStep(earlier, { lang: 'go', mode: 'sidecar' }, 500, 0)).toBeUndefined();
    expect(latencyStep(earlier, { lang: 'go', mode: 'none' }, 500, 1)).toBeUndefined();
    expect(latencyStep([], { lang: 'go', mode: 'sidecar' }, 500, 1)).toBeUndefined();
  });
});
