import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from '../bench/options.js';
import { faultPlanKind } from '../../scenarios/fault-plan.js';
import type { BenchOptions } from '../results/types.js';

describe('bench options', () => {
  it('no option means the quick tier with every scenario and mode', () => {
    const options = parseBenchArgs([]);
    expect(options).toMatchObject({ tier: 'quick', modes: ['none', 'library', 'sidecar'], pin: true });
  });

  it('an unknown scenario is a usage error that lists the valid values', () => {
    expect(() => parseBenchArgs(['--scenario', 'latency,speed'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--scenario', 'speed'])).toThrow(/valid values: latency, resources, scale, ipc, features, propagation, profile/);
  });

  it('an unknown flag names the valid options', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(/valid options: --scenario/);
  });

  it('two tiers at once are refused', () => {
    expect(() => parseBenchArgs(['--quick', '--full'])).toThrow(/exclude each other/);
  });

  it('lists are split, trimmed and deduplicated', () => {
    const options = parseBenchArgs(['--modes', 'none, sidecar,none', '--smoke', '--no-pin']);
    expect(options).toMatchObject({ modes: ['none', 'sidecar'], tier: 'smoke', pin: false });
  });

  it('the default quick run takes the short fault versions; naming a fault scenario or --full takes every fault', () => {
    const kind = (argv: string[]) => faultPlanKind({ options: parseBenchArgs(argv) as BenchOptions });
    expect(kind([])).toBe('short');
    expect(parseBenchArgs([])).toMatchObject({ scenariosGiven: false });
    expect((parseBenchArgs([]) as BenchOptions).scenarios).toEqual(expect.arrayContaining(['isolation', 'resilience', 'lifecycle']));
    expect(kind(['--scenario', 'isolation,resilience'])).toBe('complete');
    expect(kind(['--full'])).toBe('complete');
    expect(kind(['--smoke', '--scenario', 'isolation'])).toBe('short');
  });
});
