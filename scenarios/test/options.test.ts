import { SCENARIOS } from './support/registry.js';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs, QUICK_LANGS, usage, UsageError } from '../../scripts/bench/options.js';
import { plannedLangs, selectScenarios } from '../../scripts/bench/run.js';
import { knownLanguages } from '../../scripts/orchestration/languages.js';
import { faultPlanKind } from '../common/fault-plan.js';
import { CellBook } from '../../scripts/bench/cell-book.js';
import { modesLeftOut, type Cell } from '../../scripts/engine/scenario.js';
import type { BenchOptions } from '../../scripts/results/types.js';

describe('bench options', () => {
  it('no option means the quick tier: its scenarios, its languages alone, every mode and topology; --full measures every language alone', () => {
    const options = parseBenchArgs([], SCENARIOS);
    expect(options).toMatchObject({
      tier: 'quick',
      modes: ['none', 'library', 'sidecar', 'native', 'agent'],
      topologies: ['single', 'polyglot'],
      pin: true,
    });
    expect(options !== 'help' && options.langs).toEqual(knownLanguages().filter((lang) => QUICK_LANGS.includes(lang)));
    expect(parseBenchArgs(['--full'], SCENARIOS)).toMatchObject({ langs: knownLanguages() });
    expect(options !== 'help' && options.scenarios).toContain('consistency');
    expect(options !== 'help' && options.scenarios).toContain('polyglot');
  });

  it('a smoke run measures ts alone unless --langs says otherwise', () => {
    expect(parseBenchArgs(['--smoke'], SCENARIOS)).toMatchObject({ langs: ['ts'] });
    expect(parseBenchArgs(['--smoke', '--langs', 'go'], SCENARIOS)).toMatchObject({ langs: ['go'] });
  });

  it('--topology polyglot runs the conformance check and the polyglot scenario, and plans its three languages', () => {
    const options = parseBenchArgs(['--topology', 'polyglot', '--langs', 'ts'], SCENARIOS);
    if (options === 'help') throw new Error('unexpected help');
    const scenarios = selectScenarios(options, SCENARIOS);
    expect(scenarios.map((scenario) => scenario.id)).toEqual(['consistency', 'polyglot']);
    // Conformance runs every language; the checkouts' languages are among them.
    expect(plannedLangs(options, scenarios).sort()).toEqual([...knownLanguages()].sort());
    expect(plannedLangs(options, selectScenarios({ ...options, topologies: ['single'], scenarios: ['latency'] }, SCENARIOS))).toEqual([
      'ts',
    ]);
    expect(() => parseBenchArgs(['--topology', 'mesh'], SCENARIOS)).toThrow(/valid values: single, polyglot/);
  });

  it('the upgrade builds every patched language, or only those --langs names', () => {
    const plan = (args: string[]) => {
      const options = parseBenchArgs(['--scenario', 'upgrade', ...args], SCENARIOS);
      if (options === 'help') throw new Error('unexpected help');
      return plannedLangs(options, selectScenarios(options, SCENARIOS)).sort();
    };
    expect(plan([])).toEqual(['go', 'java', 'python', 'rust', 'ts']);
    expect(plan(['--langs', 'ts,go'])).toEqual(['go', 'ts']);
  });

  it('an unknown scenario is a usage error that lists the valid values', () => {
    expect(() => parseBenchArgs(['--scenario', 'latency,speed'], SCENARIOS)).toThrow(UsageError);
    expect(() => parseBenchArgs(['--scenario', 'speed'], SCENARIOS)).toThrow(
      new RegExp(`valid values: ${SCENARIOS.map((scenario) => scenario.id).join(', ')}$`),
    );
  });

  it('an unknown flag names the valid options', () => {
    expect(() => parseBenchArgs(['--fast'], SCENARIOS)).toThrow(/valid options: --scenario/);
  });

  it('two tiers at once are refused', () => {
    expect(() => parseBenchArgs(['--quick', '--full'], SCENARIOS)).toThrow(/exclude each other/);
  });

  it('says whether --langs was given, since the smoke tier also defaults it to ts', () => {
    expect(parseBenchArgs(['--smoke'], SCENARIOS)).toMatchObject({ langs: ['ts'], langsGiven: false });
    expect(parseBenchArgs(['--smoke', '--langs', 'ts'], SCENARIOS)).toMatchObject({ langs: ['ts'], langsGiven: true });
  });

  it('lists are split, trimmed and deduplicated', () => {
    const options = parseBenchArgs(['--modes', 'none, sidecar,none', '--smoke', '--no-pin'], SCENARIOS);
    expect(options).toMatchObject({ modes: ['none', 'sidecar'], tier: 'smoke', pin: false });
  });

  it('the default quick run takes the short fault versions; naming a fault scenario or --full takes every fault', () => {
    const kind = (argv: string[]) => faultPlanKind({ options: parseBenchArgs(argv, SCENARIOS) as BenchOptions });
    expect(kind([])).toBe('short');
    expect(parseBenchArgs([], SCENARIOS)).toMatchObject({ scenariosGiven: false });
    expect((parseBenchArgs([], SCENARIOS) as BenchOptions).scenarios).toEqual(
      expect.arrayContaining(['isolation', 'resilience', 'lifecycle']),
    );
    expect(kind(['--scenario', 'isolation,resilience'])).toBe('complete');
    expect(kind(['--full'])).toBe('complete');
    expect(kind(['--smoke', '--scenario', 'isolation'])).toBe('short');
  });

  it('mode native goes only to the scenarios that measure a hop, and the quick tier keeps it to one language of one service', () => {
    const langs = ['ts', 'python', 'go'];
    const cells: Cell[] = langs.flatMap((lang) => (['none', 'library', 'sidecar', 'native'] as const).map((mode) => ({ lang, mode })));
    const plan = { cells, skipped: [{ cell: { lang: 'rust', mode: 'native' as const }, reason: 'no toolchain' }] };
    const byId = (id: string) => SCENARIOS.find((scenario) => scenario.id === id)!;
    const modesIn = (list: readonly Cell[]) => [...new Set(list.map((cell) => cell.mode))].sort();
    const full = new CellBook(plan, { langs: [...langs, 'rust'], tier: 'full' });
    for (const id of ['latency', 'resources', 'scale', 'polyglot'])
      expect(modesIn(full.cellsFor(byId(id)).cells)).toEqual(['library', 'native', 'none', 'sidecar']);
    // Conformance does not apply to mode native: not run, not counted as skipped or failing.
    const consistency = full.cellsFor(byId('consistency'));
    expect([modesIn(consistency.cells), modesIn(consistency.available), consistency.skippedCells]).toEqual([
      ['library', 'none', 'sidecar'],
      ['library', 'none', 'sidecar'],
      [],
    ]);
    expect(full.cellsFor(byId('latency')).skippedCells.map(({ cell }) => `${cell.lang}/${cell.mode}`)).toEqual(['rust/native']);
    const quick = new CellBook(plan, { langs, tier: 'quick' });
    expect(
      quick
        .cellsFor(byId('latency'))
        .cells.filter((cell) => cell.mode === 'native')
        .map((cell) => cell.lang),
    ).toEqual(['ts']);
    expect(
      quick
        .cellsFor(byId('polyglot'))
        .available.filter((cell) => cell.mode === 'native')
        .map((cell) => cell.lang),
    ).toEqual(langs);
  });

  it('mode agent: the quick tier measures it in latency and resources only when --modes names it; smoke, full and scale do', () => {
    const plan = { cells: (['none', 'sidecar', 'agent'] as const).map((mode): Cell => ({ lang: 'ts', mode })), skipped: [] };
    const byId = (id: string) => SCENARIOS.find((scenario) => scenario.id === id)!;
    const optionsOf = (argv: string[]) => parseBenchArgs(argv, SCENARIOS) as BenchOptions;
    const agentIn = (argv: string[], id: string) =>
      new CellBook(plan, optionsOf(argv)).cellsFor(byId(id)).cells.some((cell) => cell.mode === 'agent');
    for (const id of ['latency', 'resources']) {
      expect(agentIn([], id), id).toBe(false);
      expect(agentIn(['--modes', 'none,agent'], id), id).toBe(true);
      expect(agentIn(['--scenario', id, '--modes', 'sidecar,agent,native'], id), id).toBe(true);
      expect(agentIn(['--full'], id), id).toBe(true);
      expect(agentIn(['--smoke'], id), id).toBe(true);
      expect(modesLeftOut(byId(id), optionsOf([]))).toEqual({ modes: ['agent'], why: expect.stringMatching(/five minutes/) });
    }
    expect(agentIn([], 'scale')).toBe(true);
    expect(optionsOf(['--modes', 'none,agent'])).toMatchObject({ modesGiven: true });
    expect(optionsOf([])).toMatchObject({ modesGiven: false });
    expect(modesLeftOut(byId('latency'), optionsOf(['--modes', 'none,agent']))).toBeUndefined();
    expect(modesLeftOut(byId('scale'), optionsOf([]))).toBeUndefined();
    expect(usage(SCENARIOS)).toMatch(/named here it is measured:\s+--quick latency leaves out agent; --quick resources leaves out agent/);
  });
});
