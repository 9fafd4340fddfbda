// A complete results object made of synthetic figures, for testing the report and the verdict rules without a run.
import { encodeHistogram, newMicrosHistogram, recordMicros, summarizeHistogram } from '../../scripts/stats/histogram.js';
import type { OpenLoopResult } from '../../scripts/load/open-loop-types.js';
import type { RunResults, Mode, ScenarioResult } from '../../scripts/results/types.js';
import type { LatencyData } from '../latency/types.js';
import type { ResourcesData } from '../resources/run.js';
import type { ScaleData } from '../scale/run.js';
import type { FeaturesData } from '../features/run.js';
import type { PropagationData } from '../propagation/run.js';
import type { ProfileData } from '../profile/run.js';
import type { IpcData } from '../ipc/run.js';
import { seededRandom } from '../../scripts/stats/summary.js';
import { TIERS } from '../../scripts/bench/tiers.js';
import { syntheticCodebase, syntheticConsistency, syntheticPolyglot, type ConsistencyKnobs } from './synthetic-polyglot.js';
import type { RoleWindow } from '../common/measure.js';
import type { Role, RoleSeries } from '../../scripts/sampling/sampler.js';

export interface SyntheticKnobs {
  /** What the sidecar adds to every request, µs (0: nothing, so within noise). */
  sidecarAddedMicros: number;
  /** Memory of one sidecar process. */
  sidecarRssBytes: number;
  /** Mode native (when in `modes`): what HAProxy adds to every request, µs, and its memory. */
  nativeAddedMicros: number;
  nativeRssBytes: number;
  modes: Mode[];
  /**
   * Mode agent in latency and resources only (an agent serving the one app, as those scenarios start it): what it adds
   * to every request, µs, and its memory. Absent: no agent cell.
   */
  agent?: { addedMicros: number; rssBytes: number };
  consistency: Partial<ConsistencyKnobs>;
}

const MIB = 1024 * 1024;
const valid = { valid: true, reasons: [], warnings: [], smoke: false };

export function syntheticLoad(rate: number, centerMicros: number, seed: number): OpenLoopResult {
  const random = seededRandom(seed);
  const latency = newMicrosHistogram();
  const pacing = newMicrosHistogram();
  for (let i = 0; i < 2000; i++) {
    recordMicros(latency, centerMicros * (0.8 + 0.4 * random()) + (random() < 0.01 ? centerMicros * 3 : 0));
    recordMicros(pacing, 5 + 20 * random());
  }
  const result: OpenLoopResult = {
    targetRatePerSecond: rate,
    durationSeconds: 2,
    warmupSeconds: 1,
    sent: 2 * rate,
    ok: 2 * rate,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    achievedRatePerSecond: rate,
    latencyHistogram: encodeHistogram(latency),
    latency: summarizeHistogram(latency),
    pacingHistogram: encodeHistogram(pacing),
    pacing: summarizeHistogram(pacing),
  };
  latency.destroy();
  pacing.destroy();
  return result;
}

function scenario<T>(id: ScenarioResult['id'], data: T): ScenarioResult {
  return { id, status: 'ok', startedAt: '2026-01-01T00:00:00.000Z', durationSeconds: 3, messages: [], data: data as unknown };
}

const baseMicros: Record<Mode, number> = { none: 300, library: 330, sidecar: 300, native: 300, agent: 300 };

export function syntheticResults(knobs: Partial<SyntheticKnobs> = {}): RunResults {
  const {
    sidecarAddedMicros = 250,
    sidecarRssBytes = 60 * MIB,
    nativeAddedMicros = 50,
    nativeRssBytes = 8 * MIB,
    modes = ['none', 'library', 'sidecar'],
    consistency = {},
    agent,
  } = knobs;
  const added: Record<Mode, number> = {
    none: 0,
    library: 0,
    sidecar: sidecarAddedMicros,
    native: nativeAddedMicros,
    agent: agent?.addedMicros ?? 0,
  };
  const micros = (mode: Mode) => baseMicros[mode] + added[mode];
  // The modes of the single-instance hop scenarios (latency, resources): an agent serving the one app too, when asked.
  const hopModes: Mode[] = agent === undefined ? modes : [...modes, 'agent'];
  // The process beside the app: the sidecar (or the agent, sampled as role sidecar), or mode native's HAProxy.
  const beside = (mode: Mode): Role[] => (mode === 'sidecar' || mode === 'agent' ? ['sidecar'] : mode === 'native' ? ['proxy'] : []);
  const rssOf = (role: Role, mode?: Mode) =>
    role === 'sidecar'
      ? mode === 'agent'
        ? (agent?.rssBytes ?? sidecarRssBytes)
        : sidecarRssBytes
      : role === 'proxy'
        ? nativeRssBytes
        : 50 * MIB;
  let seed = 1;
  // The agent's loads draw from seeds of their own: the other cells' figures are the same with or without it.
  let agentSeed = 100_000;
  const seedOf = (mode: Mode) => (mode === 'agent' ? agentSeed++ : seed++);
  const latency: LatencyData = {
    service: 'customers',
    request: 'GET /customers/{id}',
    connections: 16,
    warmupSeconds: 1,
    windowSeconds: 2,
    steps: [],
    saturation: hopModes.map((mode) => ({
      lang: 'ts',
      mode,
      result: {
        connections: 16,
        durationSeconds: 2,
        requestsPerSecond: 4000,
        requests: 8000,
        errors: 0,
        timeouts: 0,
        non2xx: 0,
        latencyMillis: { p50: 3, p99: 9, max: 20 },
      },
      validity: valid,
    })),
  };
  for (let repetition = 0; repetition < 3; repetition++) {
    for (const rate of [200, 1000])
      for (const mode of hopModes)
        latency.steps.push({
          kind: 'fixed',
          lang: 'ts',
          mode,
          ratePerSecond: rate,
          repetition,
          load: syntheticLoad(rate, micros(mode), seedOf(mode)),
          validity: valid,
        });
  }
  for (const rate of [1000, 2000, 3000])
    for (const mode of hopModes) {
      const saturated = rate === 3000 && mode === 'sidecar';
      latency.steps.push({
        kind: 'curve',
        lang: 'ts',
        mode,
        ratePerSecond: rate,
        repetition: 0,
        load: syntheticLoad(rate, micros(mode) * (rate / 1000), seedOf(mode)),
        validity: saturated
          ? { valid: false, reasons: ['achieved 2800 req/s against a target of 3000 req/s'], warnings: [], smoke: false }
          : valid,
      });
    }
  const roleSeries = (mode: Mode): RoleSeries[] =>
    (['app', 'loadgen', ...beside(mode), ...(mode === 'none' || mode === 'native' ? [] : ['controlplane'])] as Role[]).map((role) => ({
      role,
      samples: Array.from({ length: 8 }, (_, i) => ({
        elapsedSeconds: i * 0.5,
        cpuSeconds: 1 + i * 0.2,
        rssBytes: rssOf(role, mode) + i * MIB,
        processes: 1,
      })),
    }));
  const windows = (mode: Mode, requests: number): RoleWindow[] =>
    (['app', ...beside(mode)] as Role[]).map((role) => ({
      role,
      cpuSeconds: 0.2,
      cpuMillisPer1000Requests: requests > 0 ? (role === 'proxy' ? 20 : 100) : null,
      rssBytes: rssOf(role, mode),
      anonBytes: rssOf(role, mode) / 2,
      pssBytes: (rssOf(role, mode) * 3) / 4,
    }));
  const resources: ResourcesData = {
    request: 'GET /customers/{id}',
    sampleIntervalSeconds: 0.5,
    runs: [0, 1, 2].flatMap((repetition) =>
      hopModes.map((mode) => ({
        lang: 'ts' as const,
        mode,
        repetition,
        loadedBy: 'latency' as const,
        startupSeconds: mode === 'sidecar' || mode === 'agent' ? 1.2 + repetition * 0.01 : 0.5 + repetition * 0.01,
        idleSeconds: 2,
        idle: windows(mode, 0),
        ratePerSecond: 200,
        load: syntheticLoad(200, micros(mode), seedOf(mode)),
        validity: valid,
        loaded: windows(mode, 400),
        series: roleSeries(mode),
        procAgreement:
          mode === 'sidecar'
            ? { sidecarRssBytes: 51 * MIB, harnessRssBytes: 50 * MIB, sidecarCpuSeconds: 2.0, harnessCpuSeconds: 2.02 }
            : null,
      })),
    ),
  };
  const scale: ScaleData = {
    maxInstances: 3,
    points: modes.flatMap((mode) =>
      [1, 2, 3].map((instances) => ({
        lang: 'ts' as const,
        mode,
        repetition: 0,
        instances,
        windowSeconds: 2,
        roles: [
          {
            role: 'app' as const,
            cpuSeconds: 0.01 * instances,
            cpuMillisPer1000Requests: null,
            rssBytes: 50 * MIB * instances,
            anonBytes: 25 * MIB * instances,
            pssBytes: 37.5 * MIB * instances,
          },
          ...beside(mode).map((role) => ({
            role,
            cpuSeconds: 0.01 * instances,
            cpuMillisPer1000Requests: null,
            rssBytes: rssOf(role) * instances,
            anonBytes: (rssOf(role) / 2) * instances,
            pssBytes: ((rssOf(role) * 3) / 4) * instances,
          })),
        ],
      })),
    ),
  };
  const features: FeaturesData = {
    request: 'GET /customers/{id}',
    steps: modes.flatMap((mode) =>
      (mode === 'none'
        ? [[]]
        : [['metrics'], ['logs'], ['registry'], ['config'], ['egress'], ['config', 'metrics', 'logs', 'registry', 'egress']]
      ).map((set) => ({
        lang: 'ts' as const,
        mode,
        features: set as FeaturesData['steps'][number]['features'],
        repetition: 0,
        ratePerSecond: 200,
        load: syntheticLoad(200, micros(mode), seed++),
        validity: valid,
        windows: windows(mode, 400),
      })),
    ),
  };
  const propagation: PropagationData = {
    method: 'GET /health polled',
    deadlineSeconds: 5,
    runs: modes
      .filter((mode) => mode !== 'none')
      .map((mode) => ({
        lang: 'ts' as const,
        mode,
        samples: [1, 2, 3, 4, 5].map((version) => ({ version, millis: mode === 'sidecar' ? 12 + version : 4 + version })),
      })),
  };
  const profile: ProfileData = {
    ratePerSecond: 200,
    seconds: 5,
    warmupSeconds: 1,
    tool: "Node's built-in --cpu-prof",
    cells: [
      {
        lang: 'ts',
        mode: 'sidecar',
        windowMillis: 5040,
        validity: valid,
        files: [
          {
            role: 'sidecar',
            path: 'profile/sidecar-sidecar.cpuprofile',
            totalMillis: 5000,
            profiledMillis: 5030,
            topFunctions: [
              { function: '(idle)', selfMillis: 4000, selfPercent: 80 },
              { function: 'parse (node_modules/undici/x.js:10)', selfMillis: 500, selfPercent: 10 },
            ],
            flame: {
              root: {
                name: '(root)',
                selfMillis: 0,
                children: [
                  {
                    name: 'handle (dist/sidecar/src/ingress.js:20)',
                    selfMillis: 400,
                    children: [{ name: 'parse (node_modules/undici/x.js:10)', selfMillis: 500 }],
                  },
                  { name: '(garbage collector)', selfMillis: 100 },
                ],
              },
              idleMillis: 4000,
              foldedFrames: 0,
            },
          },
        ],
      },
    ],
  };
  const ipc: IpcData = {
    taskMillis: 300,
    placement: 'client on core 1, server on core(s) 0',
    repetitions: [0, 1, 2].map((r) => [
      { transport: 'in-process', samples: 100000, meanNanos: 50 + r, p50Nanos: 50 + r, p99Nanos: 80, relativeMarginOfError: 1 },
      {
        transport: 'http-tcp',
        samples: 3000,
        meanNanos: 90000 + r * 1000,
        p50Nanos: 85000 + r * 1000,
        p99Nanos: 200000,
        relativeMarginOfError: 2,
      },
      {
        transport: 'http-uds',
        samples: 3000,
        meanNanos: 70000 + r * 1000,
        p50Nanos: 65000 + r * 1000,
        p99Nanos: 150000,
        relativeMarginOfError: 2,
      },
      {
        transport: 'grpc-tcp',
        samples: 2000,
        meanNanos: 150000 + r * 1000,
        p50Nanos: 140000 + r * 1000,
        p99Nanos: 400000,
        relativeMarginOfError: 3,
      },
      {
        transport: 'grpc-uds',
        samples: 2000,
        meanNanos: 130000 + r * 1000,
        p50Nanos: 120000 + r * 1000,
        p99Nanos: 350000,
        relativeMarginOfError: 3,
      },
    ]),
  };
  return {
    schemaVersion: 3,
    runId: '20260101-000000-quick',
    tool: { name: 'sidecar-lab', version: '0.1.0' },
    status: 'complete',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:05:00.000Z',
    options: {
      scenarios: ['consistency', 'ipc', 'latency', 'polyglot', 'resources', 'scale', 'features', 'propagation', 'profile'],
      langs: ['ts'],
      modes: hopModes,
      topologies: ['single', 'polyglot'],
      tier: 'quick',
      outDir: '/tmp',
      pin: true,
      build: true,
    },
    tierSettings: TIERS.quick,
    environment: {
      cpuModel: 'Synthetic CPU',
      cores: 2,
      memoryBytes: 24 * 1024 * MIB,
      freeMemoryBytes: 20 * 1024 * MIB,
      os: 'Debian',
      kernel: '6.1',
      arch: 'x64',
      toolchains: { node: 'v20.0.0', go: null, python: 'Python 3.11', rust: null, java: null },
      git: { commit: '0123456789abcdef', dirty: false, branch: 'main' },
      pinning: {
        applied: true,
        generatorCpus: '1',
        systemCpus: '0',
        note: 'load generator pinned to core 1, system under test to core(s) 0 (taskset)',
      },
      loadAverage: [0.5, 0.4, 0.3],
    },
    calibration: [
      {
        target: 'noop',
        delayMicros: 0,
        truth: summarizeHistogram(newMicrosHistogram()),
        load: syntheticLoad(1000, 90, 99),
        validity: valid,
        overheadP50Micros: 60,
      },
      {
        target: 'fixed-delay',
        delayMicros: 2000,
        truth: {
          count: 1,
          minMicros: 2040,
          meanMicros: 2045,
          p50Micros: 2045,
          p90Micros: 2050,
          p99Micros: 2100,
          p99_9Micros: 2200,
          maxMicros: 2300,
        },
        load: syntheticLoad(1000, 2100, 98),
        validity: valid,
        overheadP50Micros: 55,
      },
    ],
    codebase: syntheticCodebase(),
    scenarios: [
      scenario('consistency', syntheticConsistency(consistency)),
      scenario('ipc', ipc),
      scenario('polyglot', syntheticPolyglot(syntheticLoad, modes)),
      scenario('latency', latency),
      scenario('resources', resources),
      scenario('scale', scale),
      scenario('features', features),
      scenario('propagation', propagation),
      scenario('profile', profile),
    ],
    messages: [],
  };
}
