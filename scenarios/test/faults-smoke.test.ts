// Each fault of the isolation, resilience and lifecycle scenarios, once, on real processes: the injection is seen to act.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shutdownAll } from '../../scripts/bench/cleanup.js';
import { assertBuilt } from '../../scripts/orchestration/built.js';
import type { RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { liveProcesses } from '../../scripts/orchestration/processes.js';
import { startRunControlPlane } from '../../scripts/topology.js';
import { countMoved } from '../../scripts/faults/verification.js';
import { faultById, type IsolationFault, type IsolationFaultId } from '../isolation/faults.js';
import { runIsolationEpisode, type EpisodePlan } from '../isolation/episode.js';
import { runLifecycleOnce } from '../lifecycle/run.js';
import { runResilienceEpisode } from '../resilience/run.js';
import { startCheckoutTopology } from '../resilience/topology.js';
import type { Cell } from '../../scripts/engine/scenario.js';
import { smokeContext } from './support/smoke-context.js';

const runDir = mkdtempSync(join(tmpdir(), 'scl-faults-smoke-'));
const context = smokeContext(runDir, ['isolation', 'resilience', 'lifecycle'], ['none', 'library', 'sidecar']);
const PLAN: EpisodePlan = {
  beforeSeconds: 0.6,
  duringSeconds: 1.2,
  afterSeconds: 0.8,
  ratePerSecond: 50,
  bucketSeconds: 0.2,
  sampleIntervalSeconds: 0.25,
  settings: { 'registry.ttlSeconds': 1.5, 'registry.heartbeatIntervalSeconds': 0.5 },
};
/** Long enough for a dead library instance's 1.5 s TTL to run out. */
const PROCESS_PLAN: EpisodePlan = { ...PLAN, duringSeconds: 2.2 };
const ts = (mode: Cell['mode']): Cell => ({ lang: 'ts', mode });

let controlPlane: RunningControlPlane;

beforeAll(async () => {
  assertBuilt('dist/scripts/load/timeline-main.js', 'the timeline load generator');
  controlPlane = await startRunControlPlane(runDir);
});

afterAll(async () => {
  await controlPlane?.stop();
  await shutdownAll();
  expect(liveProcesses()).toEqual([]);
});

async function episode(id: IsolationFaultId, mode: Cell['mode'], plan = PLAN, fault: IsolationFault = faultById(id)) {
  return runIsolationEpisode(context, controlPlane, ts(mode), fault, plan);
}

describe('isolation faults are injected and seen to act', () => {
  it.each([
    ['collector-down', 'library'],
    ['collector-slow', 'sidecar'],
    ['collector-500', 'library'],
    ['config-garbage', 'sidecar'],
  ] as const)(
    '%s in %s mode: the control plane answered clients with the fault',
    async (id, mode) => {
      const result = await episode(id, mode);
      expect(result.verification.injected, result.verification.evidence).toBe(true);
      expect(result.appSurvived).toBe(true);
    },
    60_000,
  );

  it('a log flood makes the app write ten times its records, counted from its log file', async () => {
    const result = await episode('log-flood', 'sidecar');
    expect(result.verification.injected, result.verification.evidence).toBe(true);
    expect(result.logs!.written).toBeGreaterThan(5 * PLAN.ratePerSecond * (PLAN.beforeSeconds + PLAN.duringSeconds + PLAN.afterSeconds));
  }, 60_000);

  it("a crash in the library's feature code takes the ts app down; in sidecar mode it ends only the sidecar's logs worker", async () => {
    const library = await episode('feature-crash', 'library', PROCESS_PLAN);
    expect(library.verification.injected, library.verification.evidence).toBe(true);
    expect(library.appSurvived).toBe(false);
    expect(library.events.some((event) => /the app \(pid \d+\) exited: code 1/.test(event.what))).toBe(true);
    const sidecar = await episode('feature-crash', 'sidecar', PROCESS_PLAN);
    expect(sidecar.verification.injected, sidecar.verification.evidence).toBe(true);
    expect(sidecar.appSurvived).toBe(true);
    expect(sidecar.events.some((event) => /the sidecar \(pid \d+\) exited/.test(event.what))).toBe(false);
    const failed = sidecar.timeline.buckets.reduce((sum, bucket) => sum + bucket.non2xx + bucket.errors + bucket.timeouts, 0);
    expect(failed).toBe(0);
  }, 90_000);

  it('kill -9 of the app in sidecar mode loses no log record: the file outlives the app', async () => {
    const result = await episode('app-kill', 'sidecar', PROCESS_PLAN);
    expect(result.verification.injected, result.verification.evidence).toBe(true);
    expect(result.logs).toMatchObject({ exact: true, lost: 0 });
    expect(result.registry!.unlistedAfterSeconds).not.toBeNull();
  }, 60_000);

  it('kill -9 of the sidecar is seen, and the instance leaves the registry when its TTL runs out', async () => {
    const result = await episode('sidecar-kill', 'sidecar', PROCESS_PLAN);
    expect(result.verification.injected, result.verification.evidence).toBe(true);
    expect(result.appSurvived).toBe(true);
    expect(result.registry!.unlistedAfterSeconds).not.toBeNull();
  }, 60_000);

  it('a fault that was set up but never acted makes the episode invalid', async () => {
    const silent: IsolationFault = {
      ...faultById('collector-500'),
      inject: async () => undefined,
      verify: (_target, atInjection, atEnd) =>
        countMoved('export requests the collector answered 500', atInjection.collectorFaulted, atEnd.collectorFaulted),
    };
    const result = await episode('collector-500', 'library', PLAN, silent);
    expect(result.verification.injected).toBe(false);
    expect(result.validity.valid).toBe(false);
    expect(result.validity.reasons.join()).toMatch(/not observed/);
  }, 60_000);
});

describe('resilience faults go through the payment fault proxy', () => {
  const plan = { ratePerSecond: 30, beforeSeconds: 0.6, duringSeconds: 1.5, afterSeconds: 0.6, bucketSeconds: 0.25 };

  it('payment answering 503 is retried by the ambassador with the same key and never charges twice', async () => {
    const topology = await startCheckoutTopology(ts('sidecar'), runDir, controlPlane, 'smoke-503');
    try {
      const result = await runResilienceEpisode(context, topology, ts('sidecar'), 'payment-503', plan);
      expect(result.verification.injected, result.verification.evidence).toBe(true);
      expect(result.proxy.final.keysChargedTwice).toBe(0);
      expect(result.storedPayments).toBe(result.proxy.final.keysCharged);
      expect(result.caller.final.retries).toBeGreaterThan(0);
    } finally {
      await topology.stop();
    }
  }, 90_000);

  it('payment answering late holds requests at the proxy, in mode none too', async () => {
    const topology = await startCheckoutTopology(ts('none'), runDir, controlPlane, 'smoke-slow');
    try {
      const result = await runResilienceEpisode(context, topology, ts('none'), 'payment-slow', plan);
      expect(result.verification.injected, result.verification.evidence).toBe(true);
      expect(result.proxy.atEnd.injectedDelays).toBeGreaterThan(0);
    } finally {
      await topology.stop();
    }
  }, 90_000);
});

describe('lifecycle', () => {
  it('a sidecar stopped together with its app exits cleanly and leaves the registry', async () => {
    const run = await runLifecycleOnce(context, controlPlane, ts('sidecar'), 'together', 0, {
      ratePerSecond: 50,
      bucketSeconds: 0.05,
      servingSeconds: 0.5,
    });
    expect(run.exits.map((exit) => exit.exit)).toEqual(['exit code 0', 'exit code 0']);
    expect(run.registry!.map((change) => change.state)).toContain('passing');
    expect(run.registry!.at(-1)!.state).not.toBe('passing');
    expect(run.timeline.buckets.some((bucket) => bucket.ok > 0)).toBe(true);
  }, 60_000);
});
