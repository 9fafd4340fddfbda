// The bench command line: parsed, validated, and a usage error that lists every valid value.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { REPORTS_DIR } from '../paths.js';
import { knownLanguages } from '../orchestration/languages.js';
import type { AnyScenario } from '../engine/scenario.js';
import { MODES, TIER_NAMES, TOPOLOGIES, type BenchOptions, type Lang, type ScenarioId, type Tier } from '../results/types.js';

/** What `npm run bench` measures when no --scenario is given: the scenarios whose share of the tier says so. */
export function defaultScenarios(registry: readonly AnyScenario[], tier: Tier): ScenarioId[] {
  return registry.filter((scenario) => scenario.tiers[tier].inDefaultRun).map((scenario) => scenario.id);
}

function tierMembers(registry: readonly AnyScenario[]): string {
  const outside = (tier: Tier) => registry.filter((scenario) => !scenario.tiers[tier].inDefaultRun).map((scenario) => scenario.id);
  return (['smoke', 'quick'] as const).map((tier) => `--${tier} leaves out ${outside(tier).join(', ') || 'none'}`).join('; ');
}

/** Which modes each tier leaves out of which scenario's default run, for --help. */
function tierModesLeftOut(registry: readonly AnyScenario[]): string {
  const said = registry.flatMap((scenario) =>
    TIER_NAMES.flatMap((tier) => {
      const left = scenario.tiers[tier].modesLeftOut;
      return left === undefined ? [] : [`--${tier} ${scenario.id} leaves out ${left.modes.join(', ')}`];
    }),
  );
  return said.join('; ') || 'none';
}

export function usage(registry: readonly AnyScenario[]): string {
  return `usage: npm run bench -- [options]

  --scenario <list>  comma-separated scenarios (default: all of the tier)
                     valid: ${registry.map((scenario) => scenario.id).join(', ')}
                     ${tierMembers(registry)} unless named here; a scenario named here runs its
                     complete plan even in the quick tier (the fault scenarios: every fault on every cell; a
                     mode the tier leaves out of it needs --modes)
  --langs <list>     languages whose services are measured alone (topology single). Default: --full every language
                     with a launch file (a missing toolchain skips its cells, said aloud); --quick ${QUICK_LANGS.join(', ')}
                     (every language still runs in conformance and the differential test); --smoke ts only.
                     The upgrade's fleet is every language with patches, or only those --langs names.
                     valid: ${knownLanguages().join(', ')}
  --modes <list>     valid: ${MODES.join(', ')} (default: all of them; a scenario measures those its plugin names)
                     without --modes a tier may leave a mode out of a scenario, named here it is measured:
                     ${tierModesLeftOut(registry)}
  --topology <list>  single (each language's customers service alone), polyglot (services of several languages
                     calling each other, e.g. the checkout). Default: both. valid: ${TOPOLOGIES.join(', ')}
  --quick            3 repetitions, short windows, a subset of the conformance vectors: at most 5 minutes (default)
  --full             5 repetitions, 5 s warm-ups and windows, every conformance vector, the upgrade: the figures to quote
  --smoke            tiny durations to prove the machinery, at most a minute; figures marked smoke
  --out <folder>     where the run folder and reports/index.html go (default: reports/)
  --no-pin           do not pin the load generator and the system under test to separate cores
  --no-build         skip each language's build steps (already built; npm test does this before its smoke run)
  --live             serve a live view of the run (step, ETA, latency per mode and language, faults as injected) on
                     127.0.0.1, a free port printed at start; it closes when the run ends
  --live-port <n>    the live view on this port (implies --live)
  --help             this text`;
}

export class UsageError extends Error {
  readonly code = 'SCL_ERR_BAD_FLAG';
}

function parseList<T extends string>(flag: string, raw: string | undefined, valid: readonly T[], fallback: readonly T[]): T[] {
  if (raw === undefined) return [...fallback];
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = items.filter((item) => !valid.includes(item as T));
  if (items.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--${flag}: ${unknown.length > 0 ? `unknown value "${unknown.join('", "')}"` : 'empty list'}; valid values: ${valid.join(', ')}`,
    );
  }
  return [...new Set(items as T[])];
}

/**
 * The languages measured alone (topology single) by the quick tier: the sidecar's own runtime and a compiled one. Every
 * language still runs in the conformance suite and the differential test, and python in the first checkout (its
 * customers service); --full or --langs measures the others alone too. With five languages on two cores, a third one
 * alone cost the quick run about 35 s and put it past five minutes (5 min 28 s and 5 min 37 s with ts, go, python).
 */
export const QUICK_LANGS: readonly Lang[] = ['ts', 'go'];

/** --full: every language there is; --quick: QUICK_LANGS (those that exist); --smoke, which proves the machinery, ts alone. */
export function defaultLangs(tier: Tier): Lang[] {
  if (tier === 'smoke') return ['ts'];
  const known = knownLanguages();
  return tier === 'quick' ? known.filter((lang) => QUICK_LANGS.includes(lang)) : known;
}

/** The flags' values, as parseArgs types them; a flag it refuses is a UsageError listing the valid ones. */
function flagValues(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        langs: { type: 'string' },
        modes: { type: 'string' },
        topology: { type: 'string' },
        quick: { type: 'boolean' },
        full: { type: 'boolean' },
        smoke: { type: 'boolean' },
        out: { type: 'string' },
        'no-pin': { type: 'boolean' },
        'no-build': { type: 'boolean' },
        help: { type: 'boolean' },
        live: { type: 'boolean' },
        'live-port': { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message}; valid options: --scenario, --langs, --modes, --topology, --quick, --full, --smoke, --out, --no-pin, --no-build, --live, --live-port, --help`,
    );
  }
}

/** Returns the options, `'help'` for --help, or throws UsageError. */
export function parseBenchArgs(argv: readonly string[], registry: readonly AnyScenario[]): BenchOptions | 'help' {
  const values = flagValues(argv);
  if (values.help) return 'help';
  const tiers = (['quick', 'full', 'smoke'] as const).filter((tier) => values[tier]);
  if (tiers.length > 1) throw new UsageError(`--${tiers.join(' and --')} exclude each other; choose one of --quick, --full, --smoke`);
  const tier: Tier = tiers[0] ?? 'quick';
  const live = liveOption(values.live === true, values['live-port']);
  return {
    scenarios: parseList(
      'scenario',
      values.scenario,
      registry.map((scenario) => scenario.id),
      defaultScenarios(registry, tier),
    ),
    langs: parseList('langs', values.langs, knownLanguages(), defaultLangs(tier)),
    modes: parseList('modes', values.modes, MODES, MODES),
    topologies: parseList('topology', values.topology, TOPOLOGIES, TOPOLOGIES),
    tier,
    outDir: values.out === undefined ? REPORTS_DIR : resolve(values.out),
    pin: !values['no-pin'],
    build: !values['no-build'],
    scenariosGiven: values.scenario !== undefined,
    modesGiven: values.modes !== undefined,
    langsGiven: values.langs !== undefined,
    ...(live !== undefined ? { live } : {}),
  };
}

function liveOption(live: boolean, rawPort: string | undefined): { port: number } | undefined {
  if (rawPort === undefined) return live ? { port: 0 } : undefined;
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535)
    throw new UsageError(`--live-port: "${rawPort}" is not a port; valid values: 1 to 65535`);
  return { port };
}
