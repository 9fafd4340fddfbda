// Synthetic consistency and polyglot figures (both checkouts), and the code counts, for the report and verdict tests.
import { FEATURE_NAMES } from '../../library/ts/src/feature.js';
import type { ConsistencyData, ConsistencyRow, DifferentialData } from '../consistency/types.js';
import type { PolyglotCheckoutData, PolyglotData } from '../polyglot/run.js';
import type { PolyglotLangs } from '../polyglot/topology.js';
import type { OpenLoopResult } from '../../scripts/load/open-loop-types.js';
import type { CodebaseFacts, Mode } from '../../scripts/results/types.js';

export interface ConsistencyKnobs {
  /** A library vector fails in python only: the copies drifted. */
  libraryDrift: boolean;
  /** A vector fails beside the go app in sidecar mode, unexpectedly. */
  sidecarFailure: boolean;
  /** A vector beside the python app in sidecar mode is a listed (expected) failure. */
  sidecarExpectedFailure: boolean;
  langs: string[];
  /** The differential test: not run, run with every implementation agreeing, or a drift between two libraries or with the sidecar. */
  differential: 'absent' | 'agree' | 'libraryDrift' | 'sidecarDrift';
}

/** A differential run of two families; `drift` adds one kind of input on which a pair differed. */
function syntheticDifferential(langs: readonly string[], drift: 'agree' | 'libraryDrift' | 'sidecarDrift'): DifferentialData {
  const implementations = [...langs, 'sidecar'];
  const pair = drift === 'libraryDrift' ? 'python/ts' : 'sidecar/ts';
  const drifts =
    drift === 'agree'
      ? []
      : [
          {
            family: 'settings',
            kind: 'hex',
            pairs: [{ pair, known: true, reason: 'synthetic' }],
            input: 'SCL_EGRESS_MAX_ATTEMPTS="0x10"',
            cases: 2,
            sides: {
              ts: { facts: { outcome: 'started' } },
              [pair.split('/')[0] as string]: {
                facts: { outcome: 'refused', exitCode: 2, code: 'SCL_ERR_BAD_SETTING', namesVariable: true },
                detail: 'SCL_ERR_BAD_SETTING: not a number',
              },
            },
          },
        ];
  const family = (id: string, casesTried: number, withDrift: boolean) => ({
    family: id,
    entryPoint: `${id} entry point`,
    implementations,
    seed: 7,
    numRuns: 20,
    casesTried,
    casesDiffering: withDrift ? drifts.reduce((sum, one) => sum + one.cases, 0) : 0,
    drifts: withDrift ? drifts : [],
    replayed: 0,
    stale: [],
    seconds: 12,
  });
  return {
    seed: 7,
    numRuns: { settings: 5, requests: 20 },
    skippedLanguages: [],
    families: [family('settings', 6, true), family('requests', 22, false)],
  };
}

const VECTORS = FEATURE_NAMES.map((feature) => ({ id: `${feature}-synthetic-case`, feature }));

export function syntheticConsistency(knobs: Partial<ConsistencyKnobs> = {}): ConsistencyData {
  const {
    libraryDrift = false,
    sidecarFailure = false,
    sidecarExpectedFailure = false,
    langs = ['ts', 'python', 'go'],
    differential = 'agree',
  } = knobs;
  const row = (lang: string, mode: Mode, vector: (typeof VECTORS)[number]): ConsistencyRow => {
    const base = { id: vector.id, feature: vector.feature, durationMs: 900 };
    if (mode === 'none') return { ...base, verdict: vector.feature === 'egress' ? 'pass' : 'n/a' };
    if (libraryDrift && mode === 'library' && lang === 'python' && vector.feature === 'logs')
      return { ...base, verdict: 'fail', detail: 'step 3 (expectLogs): attribute order_id is a string, expected an integer' };
    if (sidecarFailure && mode === 'sidecar' && lang === 'go' && vector.feature === 'config')
      return { ...base, verdict: 'fail', detail: 'step 2 (expectConfigInUse): version 1, expected 2' };
    if (sidecarExpectedFailure && mode === 'sidecar' && lang === 'python' && vector.feature === 'metrics')
      return { ...base, verdict: 'xfail', detail: 'expected: the app reports its business counter late' };
    return { ...base, verdict: 'pass' };
  };
  return {
    vectorSet: 'quick',
    vectorIds: VECTORS.map((vector) => vector.id),
    totalVectors: 56,
    concurrency: 3,
    cells: langs.flatMap((lang) =>
      (['none', 'library', 'sidecar'] as Mode[]).map((mode) => {
        const rows = VECTORS.map((vector) => row(lang, mode, vector));
        return { lang, mode, ok: rows.every((one) => one.verdict !== 'fail'), vectorSeconds: 4.5, rows };
      }),
    ),
    ...(differential === 'absent' ? {} : { differential: syntheticDifferential(langs, differential) }),
  };
}

type SyntheticLoad = (rate: number, centerMicros: number, seed: number) => OpenLoopResult;

/** The second checkout measured, skipped (no figures), or absent as in runs from before it. */
export type SecondCheckout = 'measured' | 'skipped' | 'absent';

export function syntheticPolyglot(load: SyntheticLoad, modes: Mode[], second: SecondCheckout = 'measured'): PolyglotData {
  const first = syntheticCheckout(
    load,
    { web: 'ts', customers: 'python', payment: 'go' },
    modes,
    { none: 2000, library: 2300, sidecar: 4500, native: 2600, agent: 4400 },
    500,
  );
  const common = { request: 'POST /checkout', connections: 16, warmupSeconds: 1, windowSeconds: 2 };
  if (second === 'absent') return { ...first, ...common };
  const later = syntheticCheckout(
    load,
    { web: 'java', customers: 'rust', payment: 'ts' },
    second === 'measured' ? modes : [],
    { none: 1500, library: 1900, sidecar: 4200, native: 2100, agent: 4100 },
    900,
  );
  return { ...first, ...common, laterCheckouts: [later] };
}

function syntheticCheckout(
  load: SyntheticLoad,
  services: PolyglotLangs,
  modes: Mode[],
  center: Record<Mode, number>,
  firstSeed: number,
): PolyglotCheckoutData {
  const valid = { valid: true, reasons: [], warnings: [], smoke: false };
  let seed = firstSeed;
  return {
    services,
    ...(modes.length > 0 ? { wallSeconds: 40 } : {}),
    ready: modes.map((mode) => ({ mode, seconds: mode === 'sidecar' ? 5 : 2 })),
    saturation: modes.map((mode) => ({
      mode,
      result: {
        connections: 16,
        durationSeconds: 2,
        requestsPerSecond: mode === 'sidecar' ? 150 : 600,
        requests: 600,
        errors: 0,
        timeouts: 0,
        non2xx: 0,
        latencyMillis: { p50: 20, p99: 60, max: 80 },
      },
      validity: valid,
    })),
    steps: [0, 1, 2].flatMap((repetition) =>
      modes.map((mode) => ({
        mode,
        ratePerSecond: 50,
        repetition,
        load: load(50, center[mode], seed++),
        validity: valid,
        windows: [
          { role: 'app' as const, cpuSeconds: 0.3, cpuMillisPer1000Requests: 2000, rssBytes: 150 * 1024 * 1024 },
          ...(mode === 'sidecar'
            ? [{ role: 'sidecar' as const, cpuSeconds: 0.5, cpuMillisPer1000Requests: 4500, rssBytes: 280 * 1024 * 1024 }]
            : []),
          ...(mode === 'native'
            ? [{ role: 'proxy' as const, cpuSeconds: 0.1, cpuMillisPer1000Requests: 900, rssBytes: 24 * 1024 * 1024 }]
            : []),
        ],
      })),
    ),
  };
}

/** Three libraries of real size, a sidecar reusing most of the TypeScript one, and glue a tenth of a library. */
export function syntheticCodebase(): CodebaseFacts {
  return {
    implementations: [
      { name: 'library/go', path: 'library/go', files: 27, lines: 2400 },
      { name: 'library/python', path: 'library/python', files: 31, lines: 1600 },
      { name: 'library/ts', path: 'library/ts', files: 36, lines: 2300 },
      { name: 'sidecar', path: 'sidecar/src', files: 32, lines: 2400 },
    ],
    sidecarReuse: { from: 'library/ts/src', files: 33, lines: 2100 },
    glue: ['go', 'python', 'ts'].flatMap((lang) => [
      { lang, mode: 'library' as const, files: 1, lines: 60, paths: [`services/${lang}/platform/library`] },
      { lang, mode: 'sidecar' as const, files: 4, lines: 300, paths: [`services/${lang}/platform/sidecar`] },
    ]),
  };
}
