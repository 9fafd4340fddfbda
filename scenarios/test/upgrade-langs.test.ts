// The upgrade's fleet: every patched language that runs here, or only those --langs names, and a message saying which.
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../scripts/bench/options.js';
import { SCENARIOS } from '../../scripts/registry.js';
import type { BenchOptions } from '../../scripts/results/types.js';
import { fleetLangs, fleetLangsNote, PATCHED_LANGS } from '../upgrade/langs.js';

const options = (argv: string[]) => parseBenchArgs(argv, SCENARIOS) as BenchOptions;

describe('the languages the upgrade reaches', () => {
  it('without --langs, every patched language that runs, whatever the tier defaults --langs to', () => {
    for (const tier of ['--smoke', '--quick', '--full']) {
      const fleet = fleetLangs(['ts', 'go', 'python', 'java'], options(['--scenario', 'upgrade', tier]));
      expect(fleet).toEqual({ langs: ['ts', 'python', 'go', 'java'], notRunnable: ['rust'], leftOutByFlag: [] });
      expect(fleetLangsNote(fleet)).toBe(
        'every language that runs here and has its patches takes part (the experiment is about reaching every codebase): ts, python, go, java; not runnable or not conforming in this run: rust',
      );
    }
  });

  it('with --langs, only those of them, and the message names what the flag left out', () => {
    const fleet = fleetLangs(PATCHED_LANGS, options(['--scenario', 'upgrade', '--smoke', '--langs', 'go,ts']));
    expect(fleet).toEqual({ langs: ['ts', 'go'], notRunnable: [], leftOutByFlag: ['python', 'rust', 'java'] });
    expect(fleetLangsNote(fleet)).toContain('only the languages --langs named take part: ts, go; left out by --langs: python, rust, java');
  });

  it('--langs without TypeScript leaves no fleet the sidecar can be rolled out over', () => {
    expect(fleetLangs(PATCHED_LANGS, options(['--langs', 'go'])).langs).not.toContain('ts');
  });
});
