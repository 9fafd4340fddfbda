// From the fault scenarios' raw results to the figures the report and the claims use: per window, per cell, per fault.
import type { IsolationData } from '../isolation/run.js';
import type { IsolationEpisode } from '../isolation/episode.js';
import type { LifecycleData, LifecycleRun, StopOrder } from '../lifecycle/run.js';
import type { ResilienceData, ResilienceEpisode } from '../resilience/run.js';
import {
  baselineFigures,
  peakRssBytes,
  recoverySeconds,
  retryAmplification,
  windowFigures,
  type TimeWindow,
  type WindowFigures,
} from '../../scripts/faults/figures.js';
import { answeredShare } from '../../scripts/faults/health-probe.js';
import type { Validity } from '../../scripts/load/validity.js';
import type { Lang, Mode } from '../../scripts/results/types.js';

export interface Phases<T> {
  before: T;
  during: T;
  after: T;
}

export interface IsolationFigures {
  fault: IsolationEpisode['fault'];
  lang: Lang;
  mode: Mode;
  validity: Validity;
  evidence: string;
  load: Phases<WindowFigures>;
  appRssBytes: Phases<number | null>;
  sidecarRssBytes: Phases<number | null>;
  /** Share of direct probes of the app's own port answered while the fault lasted. */
  appAnsweredDuring: number | null;
  appSurvived: boolean;
  recoverySeconds: number | null;
  unlistedAfterSeconds: number | null;
  listedAgainAfterSeconds: number | null;
  logs: IsolationEpisode['logs'];
}

function phaseWindows(injectedAtSeconds: number, endedAtSeconds: number, untilSeconds: number): Phases<TimeWindow> {
  return {
    before: { startSeconds: 0, endSeconds: injectedAtSeconds },
    during: { startSeconds: injectedAtSeconds, endSeconds: endedAtSeconds },
    after: { startSeconds: endedAtSeconds, endSeconds: untilSeconds },
  };
}

function mapPhases<A, B>(phases: Phases<A>, map: (value: A) => B): Phases<B> {
  return { before: map(phases.before), during: map(phases.during), after: map(phases.after) };
}

/** The baseline stops short of the fault (baselineFigures); the other windows split buckets by their middle. */
function phaseFigures(timeline: Parameters<typeof windowFigures>[0], windows: Phases<TimeWindow>): Phases<WindowFigures> {
  return {
    before: baselineFigures(timeline, windows.before.endSeconds),
    during: windowFigures(timeline, windows.during),
    after: windowFigures(timeline, windows.after),
  };
}

export function analyzeIsolation(data: IsolationData): IsolationFigures[] {
  return data.episodes.map((episode) => {
    const windows = phaseWindows(episode.injectedAtSeconds, episode.endedAtSeconds, episode.untilSeconds);
    const load = phaseFigures(episode.timeline, windows);
    return {
      fault: episode.fault,
      lang: episode.lang,
      mode: episode.mode,
      validity: episode.validity,
      evidence: episode.verification.evidence,
      load,
      appRssBytes: mapPhases(windows, (window) => peakRssBytes(episode.series, 'app', episode.seriesOffsetSeconds, window)),
      sidecarRssBytes: mapPhases(windows, (window) => peakRssBytes(episode.series, 'sidecar', episode.seriesOffsetSeconds, window)),
      appAnsweredDuring: answeredShare(episode.appProbes ?? [], episode.injectedAtSeconds, episode.endedAtSeconds),
      appSurvived: episode.appSurvived,
      recoverySeconds: recoverySeconds(episode.timeline, episode.endedAtSeconds, episode.untilSeconds, load.before.p50Micros),
      unlistedAfterSeconds: episode.registry?.unlistedAfterSeconds ?? null,
      listedAgainAfterSeconds: episode.registry?.listedAgainAfterSeconds ?? null,
      logs: episode.logs,
    };
  });
}

export interface ResilienceFigures {
  fault: ResilienceEpisode['fault'];
  lang: Lang;
  mode: Mode;
  validity: Validity;
  evidence: string;
  load: Phases<WindowFigures>;
  /** Payment requests that reached the proxy during the fault, and the checkouts (keys) they served. */
  triesDuring: number;
  callsDuring: number;
  amplificationDuring: number | null;
  /** The caller's own count of retries during the fault (null in mode none, which has no egress). */
  callerRetriesDuring: number | null;
  budgetExhausted: number | null;
  circuitOpened: number | null;
  /** Keys the payment service charged twice, as the proxy saw its answers: must be 0. */
  doubleCharges: number;
  /** Rows in payment's table beyond the keys charged: the same question asked of its database (null without the file). */
  extraStoredPayments: number | null;
  injectedShare: number | null;
  recoverySeconds: number | null;
}

export function analyzeResilience(data: ResilienceData): ResilienceFigures[] {
  return data.episodes.map((episode) => {
    const windows = phaseWindows(episode.injectedAtSeconds, episode.endedAtSeconds, episode.untilSeconds);
    const load = phaseFigures(episode.timeline, windows);
    const { atInjection, atEnd, final } = episode.proxy;
    const triesDuring = atEnd.requests - atInjection.requests;
    const callsDuring = atEnd.distinctKeys - atInjection.distinctKeys;
    const injected =
      episode.fault === 'payment-503'
        ? atEnd.injectedErrors - atInjection.injectedErrors
        : atEnd.injectedDelays - atInjection.injectedDelays;
    const retries =
      episode.caller.atEnd.retries !== null && episode.caller.atInjection.retries !== null
        ? episode.caller.atEnd.retries - episode.caller.atInjection.retries
        : null;
    return {
      fault: episode.fault,
      lang: episode.lang,
      mode: episode.mode,
      validity: episode.validity,
      evidence: episode.verification.evidence,
      load,
      triesDuring,
      callsDuring,
      amplificationDuring: retryAmplification(triesDuring, callsDuring),
      callerRetriesDuring: retries,
      budgetExhausted: episode.caller.final.budgetExhausted,
      circuitOpened: episode.caller.final.circuitOpened,
      doubleCharges: final.keysChargedTwice,
      extraStoredPayments: episode.storedPayments === null ? null : episode.storedPayments - final.keysCharged,
      injectedShare: triesDuring === 0 ? null : injected / triesDuring,
      recoverySeconds: recoverySeconds(episode.timeline, episode.endedAtSeconds, episode.untilSeconds, load.before.p50Micros),
    };
  });
}

export interface LifecycleFigures {
  lang: Lang;
  mode: Mode;
  stopOrder: StopOrder;
  /** From spawn until clients could find it: listed passing (library, sidecar) or /health answered 200 (none, no registry). */
  secondsToServing: number | null;
  failedBeforeServing: WindowFigures;
  /** Requests sent while it was listed (or, in mode none, from ready until its exit) that failed, split at SIGTERM. */
  failedWhileStarting: number;
  failedWhileStopping: number;
  /** From SIGTERM until it left the registry; null in mode none. */
  listedAfterStopSeconds: number | null;
  /** From SIGTERM until every process exited. */
  stopSeconds: number;
  /** Requests sent between leaving the registry and exiting that failed: only a client that ignores the registry sends them. */
  failedAfterUnlisted: number;
  exits: LifecycleRun['exits'];
  logs: LifecycleRun['logs'];
}

/** Only buckets wholly inside a window count, so a request is never blamed on the phase next to it. */
function strictlyIn(run: LifecycleRun, startSeconds: number, endSeconds: number): WindowFigures {
  return windowFigures(run.timeline, { startSeconds, endSeconds }, 'whole');
}

export function analyzeLifecycle(data: LifecycleData): LifecycleFigures[] {
  return data.runs.map((run) => {
    const listedAt =
      run.registry === null ? run.readyAtSeconds : (run.registry.find((change) => change.state === 'passing')?.atSeconds ?? null);
    const unlistedAt =
      run.registry === null
        ? null
        : (run.registry.find((change) => change.atSeconds >= run.stopAtSeconds && change.state !== 'passing')?.atSeconds ?? null);
    const servingFrom = listedAt ?? run.readyAtSeconds;
    const servingUntil = unlistedAt ?? run.exitedAtSeconds;
    return {
      lang: run.lang,
      mode: run.mode,
      stopOrder: run.stopOrder,
      secondsToServing: listedAt === null ? null : listedAt - run.spawnedAtSeconds,
      failedBeforeServing: strictlyIn(run, run.spawnedAtSeconds, servingFrom),
      failedWhileStarting: strictlyIn(run, servingFrom, run.stopAtSeconds).failed,
      failedWhileStopping: strictlyIn(run, run.stopAtSeconds, servingUntil).failed,
      listedAfterStopSeconds: unlistedAt === null ? null : unlistedAt - run.stopAtSeconds,
      stopSeconds: run.exitedAtSeconds - run.stopAtSeconds,
      failedAfterUnlisted: unlistedAt === null ? 0 : strictlyIn(run, unlistedAt, run.exitedAtSeconds).failed,
      exits: run.exits,
      logs: run.logs,
    };
  });
}

/** A fault scenario's raw data and its figures: computed once per report, read by its section and its claims. */
export interface FaultAnalysis<Data, Figures> {
  data: Data;
  figures: Figures[];
}

export function analyzeIsolationRun(data: IsolationData): FaultAnalysis<IsolationData, IsolationFigures> {
  return { data, figures: analyzeIsolation(data) };
}

export function analyzeResilienceRun(data: ResilienceData): FaultAnalysis<ResilienceData, ResilienceFigures> {
  return { data, figures: analyzeResilience(data) };
}

export function analyzeLifecycleRun(data: LifecycleData): FaultAnalysis<LifecycleData, LifecycleFigures> {
  return { data, figures: analyzeLifecycle(data) };
}
