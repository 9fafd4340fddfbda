// From the load's raw outcome, the replacement times and the collector's records to the rollout's figures.
import type { ProbeKind } from './tree/upgrades.js';
import type { ReplacementTimes } from './fleet.js';
import type { RolloutLoadResult } from './load-types.js';
import { classify, type CollectedRecord } from './probes.js';
import type { InstanceRecords, LatencyFigures, RecordFigures, ReplacementFigures, TimelineBucket } from './types.js';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

const isOk = (status: number) => status >= 200 && status < 300;

/** Requests whose intended send time falls in [fromSeconds, toSeconds) after the load started. */
export function latencyFigures(load: RolloutLoadResult, fromSeconds: number, toSeconds: number): LatencyFigures {
  const latencies: number[] = [];
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < load.intendedMillis.length; i++) {
    const seconds = (load.intendedMillis[i] as number) / 1000;
    if (seconds < fromSeconds || seconds >= toSeconds) continue;
    sent++;
    if (isOk(load.status[i] as number)) latencies.push(load.latencyMicros[i] as number);
    else failed++;
  }
  latencies.sort((a, b) => a - b);
  return { sent, failed, p50Micros: percentile(latencies, 50), p99Micros: percentile(latencies, 99), maxMicros: latencies.at(-1) ?? null };
}

/** Failed requests in the window by why: the HTTP status, or the error code when there was no answer. */
export function failuresByKind(load: RolloutLoadResult, fromSeconds: number, toSeconds: number): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (let i = 0; i < load.intendedMillis.length; i++) {
    const seconds = (load.intendedMillis[i] as number) / 1000;
    const status = load.status[i] as number;
    if (seconds < fromSeconds || seconds >= toSeconds || isOk(status)) continue;
    const kind = status === 0 ? load.error[i] || 'error' : String(status);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}

export function toSeconds(epochMillis: number, startEpochMillis: number): number {
  return Math.round(epochMillis - startEpochMillis) / 1000;
}

export function replacementFigures(times: ReplacementTimes, startEpochMillis: number): ReplacementFigures {
  const at = (millis: number) => toSeconds(millis, startEpochMillis);
  return {
    instanceId: times.instanceId,
    service: times.service,
    lang: times.lang,
    replaced: times.replaced,
    ...(times.host !== undefined ? { host: times.host } : {}),
    signalledSeconds: at(times.signalledMillis),
    deregisteredSeconds: times.deregisteredMillis === null ? null : at(times.deregisteredMillis),
    exitedSeconds: at(times.exitedMillis),
    readySeconds: at(times.readyMillis),
    passingSeconds: at(times.passingMillis),
  };
}

export interface ClassifiedRecord {
  instance: string;
  /** When the collector received it, after the load started. */
  seconds: number;
  behaviour: 'old' | 'new' | 'wrong';
  /** When the load intended to send the request the record belongs to; null when the load never sent it. */
  requestSeconds: number | null;
  continued?: boolean;
}

export function classifyRecords(kind: ProbeKind, records: readonly CollectedRecord[], load: RolloutLoadResult): ClassifiedRecord[] {
  const classified: ClassifiedRecord[] = [];
  for (const record of records) {
    const found = classify(kind, record);
    if (found === undefined) continue;
    const intended = load.intendedMillis[found.requestIndex];
    classified.push({
      instance: record.instance,
      seconds: toSeconds(Date.parse(record.receivedAt), load.startEpochMillis),
      behaviour: found.behaviour,
      requestSeconds: intended === undefined ? null : intended / 1000,
      ...(found.continued !== undefined ? { continued: found.continued } : {}),
    });
  }
  return classified;
}

/** Old and new behaviour as the collector received it, overall and per instance. */
export function recordFigures(
  classified: readonly ClassifiedRecord[],
  replacements: readonly ReplacementFigures[],
  rolloutStartSeconds: number,
  rolloutEndSeconds: number,
): RecordFigures {
  const old = classified.filter((record) => record.behaviour === 'old');
  const fresh = classified.filter((record) => record.behaviour === 'new');
  const firstNewSeconds = fresh.length === 0 ? null : Math.min(...fresh.map((record) => record.seconds));
  const lastOldSeconds = old.length === 0 ? null : Math.max(...old.map((record) => record.seconds));
  const perInstance: InstanceRecords[] = replacements.map((replacement) => {
    const mine = classified.filter((record) => record.instance === replacement.instanceId);
    const mineOld = mine.filter((record) => record.behaviour === 'old');
    const mineNew = mine.filter((record) => record.behaviour === 'new');
    return {
      instanceId: replacement.instanceId,
      old: mineOld.length,
      new: mineNew.length,
      movedSeconds: replacement.readySeconds,
      lastOldSeconds: mineOld.length === 0 ? null : Math.max(...mineOld.map((record) => record.seconds)),
      firstNewSeconds: mineNew.length === 0 ? null : Math.min(...mineNew.map((record) => record.seconds)),
    };
  });
  // Sent after the last instance moved, every hop runs the new build: its trace must reach every record.
  const restartedAfterEnd = fresh.filter(
    (record) => record.continued === false && record.requestSeconds !== null && record.requestSeconds > rolloutEndSeconds,
  ).length;
  return {
    classified: classified.length,
    old: old.length,
    new: fresh.length,
    wrong: classified.length - old.length - fresh.length + restartedAfterEnd,
    tracesStartedOnTheWay: fresh.filter((record) => record.continued === false).length,
    oldAfterRolloutStart: old.filter((record) => record.seconds >= rolloutStartSeconds).length,
    oldAfterRolloutEnd: old.filter((record) => record.seconds > rolloutEndSeconds).length,
    firstNewSeconds,
    lastOldSeconds,
    mixedWindowSeconds:
      firstNewSeconds !== null && lastOldSeconds !== null ? Math.max(0, Math.round((lastOldSeconds - firstNewSeconds) * 1000) / 1000) : 0,
    perInstance,
  };
}

/** Requests by intended send time and records by arrival, in buckets of `bucketSeconds` from the load's start. */
export function timeline(
  load: RolloutLoadResult,
  classified: readonly ClassifiedRecord[],
  bucketSeconds: number,
  endSeconds: number,
): TimelineBucket[] {
  const count = Math.max(1, Math.ceil(endSeconds / bucketSeconds));
  const latencies: number[][] = Array.from({ length: count }, () => []);
  const buckets: TimelineBucket[] = Array.from({ length: count }, (_, index) => ({
    startSeconds: Math.round(index * bucketSeconds * 1000) / 1000,
    ok: 0,
    failed: 0,
    p99Micros: null,
    oldRecords: 0,
    newRecords: 0,
  }));
  const bucketOf = (seconds: number) => Math.min(count - 1, Math.max(0, Math.floor(seconds / bucketSeconds)));
  for (let i = 0; i < load.intendedMillis.length; i++) {
    const index = bucketOf((load.intendedMillis[i] as number) / 1000);
    const bucket = buckets[index] as TimelineBucket;
    if (isOk(load.status[i] as number)) {
      bucket.ok++;
      (latencies[index] as number[]).push(load.latencyMicros[i] as number);
    } else {
      bucket.failed++;
    }
  }
  for (const record of classified) {
    const bucket = buckets[bucketOf(record.seconds)] as TimelineBucket;
    if (record.behaviour === 'old') bucket.oldRecords++;
    else if (record.behaviour === 'new') bucket.newRecords++;
  }
  buckets.forEach((bucket, index) => {
    bucket.p99Micros = percentile(
      (latencies[index] as number[]).sort((a, b) => a - b),
      99,
    );
  });
  return buckets;
}
