import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from '../bench/options.js';

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
});
