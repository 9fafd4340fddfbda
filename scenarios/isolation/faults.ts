// The isolation faults: how each is injected into one instance, how it ends, and what proves it was met.
import type { ControlPlaneClient } from '../../controlplane/src/client.js';
import type { RunningInstance } from '../../scripts/orchestration/instance.js';
import { stop, type ManagedProcess } from '../../scripts/orchestration/processes.js';
import { LogFlood } from '../../scripts/faults/log-flood.js';
import { allOf, countMoved, type Verification } from '../../scripts/faults/verification.js';
import type { Mode } from '../../scripts/results/types.js';

export const ISOLATION_FAULT_IDS = [
  'collector-down',
  'collector-slow',
  'collector-500',
  'log-flood',
  'feature-crash',
  'feature-crash-main-thread',
  'app-kill',
  'sidecar-kill',
  'config-garbage',
] as const;
export type IsolationFaultId = (typeof ISOLATION_FAULT_IDS)[number];

/** Readings taken when the fault is injected and again when it ends; each fault compares the ones it needs. */
export interface Probe {
  /** Requests the control plane answered with a logs fault / config garbage for this service (GET /v1/faults/injected). */
  collectorFaulted: number | null;
  configFaulted: number | null;
  /** From the feature process's /metrics (the app in library mode, the sidecar in sidecar mode). */
  exportFailures: number | null;
  configInvalidJson: number | null;
  /** Records the app has written so far (library counter or log-file lines). */
  recordsWritten: number | null;
}

/** What a fault acts on, and what the episode runner observes for it. */
export interface FaultTarget {
  instance: RunningInstance;
  controlPlane: ControlPlaneClient;
  /** The load's rate: the flood is a multiple of the access records it makes. */
  ratePerSecond: number;
  /** Processes whose output showed the fault switch's marker line. */
  markerSeenIn: Set<'app' | 'sidecar'>;
  /** The sidecar said its logs worker died of the injected exception (the marker alone is written before the throw). */
  sidecarWorkerDied?: boolean;
  /** Filled by the log flood when it ends. */
  floodAccepted?: number;
  /** The process a process fault acted on (it is replaced when restarted). */
  struck?: ManagedProcess;
}

export interface IsolationFault {
  id: IsolationFaultId;
  /** What is done, in plain words. */
  how: string;
  modes: readonly Mode[];
  /** Environment the instance starts with for this fault (a test hook's placement), beside SCL_TEST_HOOKS=1. */
  startEnv?: Record<string, string>;
  /** Starts the fault. An ongoing fault lasts until end(); a process fault has done its harm at once. */
  inject(target: FaultTarget): Promise<void>;
  /** Ends an ongoing fault; what died is restarted by the runner after this, whatever the fault. */
  end(target: FaultTarget): Promise<void>;
  verify(target: FaultTarget, atInjection: Probe, atEnd: Probe): Verification;
}

/** The flood makes the app write this many times the records its requests make (issue 7: ten times the normal rate). */
export const FLOOD_FACTOR = 10;
export const COLLECTOR_DELAY_SECONDS = 2;
const FEATURE_MODES: readonly Mode[] = ['library', 'sidecar'];
const floods = new WeakMap<FaultTarget, LogFlood>();

const collectorFault = (
  id: IsolationFaultId,
  how: string,
  logs: { mode: 'reset' | 'delay' | 'status'; delaySeconds?: number; status?: number },
  what: string,
): IsolationFault => ({
  id,
  how,
  modes: FEATURE_MODES,
  inject: async (target) => void (await target.controlPlane.setFaults({ logs })),
  end: async (target) => void (await target.controlPlane.setFaults({})),
  verify: (_target, atInjection, atEnd) => countMoved(what, atInjection.collectorFaulted, atEnd.collectorFaulted),
});

export const ISOLATION_FAULTS: readonly IsolationFault[] = [
  collectorFault(
    'collector-down',
    'the log collector closes every export connection without an answer (PUT /v1/faults logs.mode=reset)',
    { mode: 'reset' },
    'export requests the collector cut off',
  ),
  collectorFault(
    'collector-slow',
    `the log collector answers every export ${COLLECTOR_DELAY_SECONDS} s late (logs.mode=delay); it stores the records at once`,
    { mode: 'delay', delaySeconds: COLLECTOR_DELAY_SECONDS },
    `export requests the collector answered ${COLLECTOR_DELAY_SECONDS} s late`,
  ),
  collectorFault(
    'collector-500',
    'the log collector answers every export 500 and stores nothing (logs.mode=status)',
    { mode: 'status', status: 500 },
    'export requests the collector answered 500',
  ),
  {
    id: 'log-flood',
    how: `the app writes ${FLOOD_FACTOR - 1} extra records for each access record, ${FLOOD_FACTOR} times its normal log rate (POST /_scl/log with count, on the app's own port)`,
    modes: FEATURE_MODES,
    async inject(target) {
      const flood = new LogFlood(target.instance.appUrl, (FLOOD_FACTOR - 1) * target.ratePerSecond);
      floods.set(target, flood);
      flood.start();
    },
    async end(target) {
      target.floodAccepted = (await floods.get(target)?.stop())?.accepted ?? 0;
    },
    verify(target, atInjection, atEnd) {
      const flood = target.floodAccepted ?? 0;
      const written =
        atInjection.recordsWritten === null || atEnd.recordsWritten === null ? null : atEnd.recordsWritten - atInjection.recordsWritten;
      // The app wrote the flood when its own count grew by at least the records it was asked for (a tenth of slack for the edges).
      const wroteIt = flood > 0 && written !== null && written >= 0.9 * flood;
      return {
        injected: wroteIt,
        evidence: `the app accepted ${flood} flood records; its own count grew by ${written ?? 'an unreadable number of'} records`,
      };
    },
  },
  {
    id: 'feature-crash',
    how: 'SIGUSR2 with SCL_TEST_HOOKS=1 makes the log shipper throw an exception nothing catches (spec/faults.md): in the app in library mode, in the sidecar in sidecar mode',
    modes: FEATURE_MODES,
    async inject(target) {
      target.struck = featureProcess(target.instance);
      process.kill(target.struck.pid, 'SIGUSR2');
    },
    async end() {},
    verify(target) {
      const role = target.instance.mode === 'sidecar' ? 'sidecar' : 'app';
      const seen = target.markerSeenIn.has(role);
      // In the sidecar the shipper throws in its worker thread: the proof is that thread's death, or the process's.
      const thrown = role === 'app' || target.sidecarWorkerDied === true || target.struck?.exitInfo !== undefined;
      const workerWords =
        role === 'sidecar'
          ? `; ${target.sidecarWorkerDied === true ? 'its logs worker died of it' : 'no logs worker death was reported'}`
          : '';
      return {
        injected: seen && thrown,
        evidence: `${seen ? 'the marker SCL_FAULT_INJECTED was printed' : 'no SCL_FAULT_INJECTED line was printed'} by the ${role}${workerWords}; ${describeEnd(target.struck)}`,
      };
    },
  },
  {
    // The same bug where the library throws it, on the main thread, in the other process: it separates what the process
    // boundary buys (the app lives on) from what the sidecar's worker thread buys (the process lives on).
    id: 'feature-crash-main-thread',
    how: "the feature-crash switch with SCL_TEST_FAULT_THREAD=main: the sidecar throws the library's very exception on its main thread, not in its logs worker (spec/faults.md)",
    modes: ['sidecar'],
    startEnv: { SCL_TEST_FAULT_THREAD: 'main' },
    async inject(target) {
      target.struck = featureProcess(target.instance);
      process.kill(target.struck.pid, 'SIGUSR2');
    },
    async end() {},
    verify(target) {
      const seen = target.markerSeenIn.has('sidecar');
      const died = target.struck?.exitInfo !== undefined;
      return {
        injected: seen && died,
        evidence: `${seen ? 'the marker SCL_FAULT_INJECTED was printed' : 'no SCL_FAULT_INJECTED line was printed'} by the sidecar; ${describeEnd(target.struck)}`,
      };
    },
  },
  {
    id: 'app-kill',
    how: 'kill -9 of the app process',
    modes: ['none', 'library', 'sidecar'],
    async inject(target) {
      target.struck = target.instance.appProcess;
      await stop(target.struck, { signal: 'SIGKILL' });
    },
    async end() {},
    verify: (target) => killed('the app', target.struck),
  },
  {
    id: 'sidecar-kill',
    how: 'kill -9 of the sidecar process',
    modes: ['sidecar'],
    async inject(target) {
      target.struck = target.instance.sidecarProcess;
      if (target.struck !== undefined) await stop(target.struck, { signal: 'SIGKILL' });
    },
    async end() {},
    verify: (target) => killed('the sidecar', target.struck),
  },
  {
    id: 'config-garbage',
    how: 'the config service answers this service with half a JSON document (PUT /v1/faults config.<service>=invalid_json), waking every blocked pull',
    modes: FEATURE_MODES,
    inject: async (target) => void (await target.controlPlane.setFaults({ config: { [target.instance.service]: 'invalid_json' } })),
    end: async (target) => void (await target.controlPlane.setFaults({})),
    verify: (_target, atInjection, atEnd) =>
      allOf(
        countMoved('config answers the control plane garbled', atInjection.configFaulted, atEnd.configFaulted),
        countMoved(
          'garbled answers the puller counted (scl_config_errors_total{reason="invalid_json"})',
          atInjection.configInvalidJson,
          atEnd.configInvalidJson,
        ),
      ),
  },
];

export function faultById(id: IsolationFaultId): IsolationFault {
  return ISOLATION_FAULTS.find((fault) => fault.id === id)!;
}

/** The process that runs the feature code: the app with its library, or the sidecar (in mode agent, the host's agent). */
export function featureProcess(instance: RunningInstance) {
  return (instance.mode === 'sidecar' || instance.mode === 'agent') && instance.sidecarProcess !== undefined
    ? instance.sidecarProcess
    : instance.appProcess;
}

function describeEnd(child: ManagedProcess | undefined): string {
  const exit = child?.exitInfo;
  if (exit === undefined) return 'the process kept running';
  return `the process exited (${exit.signal !== undefined ? `signal ${exit.signal}` : `code ${exit.exitCode}`})`;
}

function killed(what: string, child: ManagedProcess | undefined): Verification {
  const exit = child?.exitInfo;
  return {
    injected: exit?.signal === 'SIGKILL',
    evidence: exit === undefined ? `${what} was not seen to exit` : `${what} ended by ${exit.signal ?? `exit code ${exit.exitCode}`}`,
  };
}
