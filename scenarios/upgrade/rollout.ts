// One live rolling rollout under fixed-rate load: every instance in turn moves to the new build (its app, or only its
// sidecar), or on the agent path every host in turn (its one agent, serving all its apps).
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ControlPlaneClient } from '../../controlplane/src/client.js';
import { startRunControlPlane } from '../../scripts/topology.js';
import type { ProbeKind } from './tree/upgrades.js';
import {
  classifyRecords,
  failuresByKind,
  latencyFigures,
  recordFigures,
  replacementFigures,
  timeline,
  toSeconds,
} from './rollout-figures.js';
import type { MemberSpec, ReplacementTimes } from './fleet.js';
import { ENTRY_SERVICE, startFleet, type RunningFleet } from './fleet-start.js';
import { startRolloutLoad } from './load.js';
import { LOAD_EMAIL } from './load-types.js';
import type { CollectedRecord } from './probes.js';
import type { DeployPath, RolloutFigures } from './types.js';

export interface RolloutPlan {
  path: DeployPath;
  probe: ProbeKind;
  members: MemberSpec[];
  /** The build every instance starts from, and the one it moves to. */
  oldRoot: string;
  newRoot: string;
  ratePerSecond: number;
  /** Load before the rollout begins: warm-up, then the steady baseline. */
  warmupSeconds: number;
  steadySeconds: number;
  /** Load after the last instance moved. */
  settleSeconds: number;
  bucketSeconds: number;
  runDir: string;
  step?: (label: string) => void;
}

const LOAD_TIMEOUT_SECONDS = 5;
const LOAD_CONNECTIONS = 8;
const FLUSH_QUIET_SECONDS = 1.5;
const FLUSH_MAX_SECONDS = 15;
const RECORDS_LIMIT = 100_000;

export async function runRollout(plan: RolloutPlan): Promise<RolloutFigures> {
  const runDir = join(plan.runDir, `${plan.path}`);
  const controlPlane = await startRunControlPlane(runDir);
  const client = new ControlPlaneClient(controlPlane.url);
  let fleet: RunningFleet | undefined;
  try {
    for (const service of new Set(plan.members.map((member) => member.service))) await client.putConfig(service, { logLevel: 'info' });
    plan.step?.(`upgrade: starting ${plan.members.length} instances (${plan.path} path)`);
    fleet = await startFleet(plan.path, plan.members, runDir, controlPlane.url, plan.oldRoot);
    await seedCustomers(fleet);

    const load = startRolloutLoad({
      controlplaneUrl: controlPlane.url,
      service: ENTRY_SERVICE,
      ratePerSecond: plan.ratePerSecond,
      timeoutSeconds: LOAD_TIMEOUT_SECONDS,
      connections: LOAD_CONNECTIONS,
    });
    let loadStopped = false;
    try {
      await load.started;
      plan.step?.(`upgrade: ${plan.path} path, load at ${plan.ratePerSecond} checkouts/s, steady state`);
      await delay((plan.warmupSeconds + plan.steadySeconds) * 1000);
      const rolloutStartMillis = Date.now();
      const times: ReplacementTimes[] = [];
      for (const [index, step] of fleet.steps.entries()) {
        plan.step?.(`upgrade: ${plan.path} path, moving ${step.label} (${index + 1}/${fleet.steps.length})`);
        times.push(...(await step.move(plan.newRoot)));
      }
      const rolloutEndMillis = Date.now();
      await delay(plan.settleSeconds * 1000);
      const result = await load.stop();
      loadStopped = true;
      plan.step?.(`upgrade: ${plan.path} path, reading the collector's records`);
      await waitForQuietCollector(client);
      const records = await collectRecords(client, plan.members);

      const start = result.startEpochMillis;
      const rolloutStartSeconds = toSeconds(rolloutStartMillis, start);
      const rolloutEndSeconds = toSeconds(rolloutEndMillis, start);
      const replacements = times.map((one) => replacementFigures(one, start));
      const classified = classifyRecords(plan.probe, records, result);
      const recordsFigures = recordFigures(classified, replacements, rolloutStartSeconds, rolloutEndSeconds);
      const endSeconds = Math.max(rolloutEndSeconds + plan.settleSeconds, ...classified.map((record) => record.seconds));
      return {
        path: plan.path,
        mode: plan.path,
        members: plan.members,
        ratePerSecond: plan.ratePerSecond,
        rolloutStartSeconds,
        rolloutEndSeconds,
        durationSeconds: Math.round((rolloutEndSeconds - rolloutStartSeconds) * 1000) / 1000,
        steady: latencyFigures(result, plan.warmupSeconds, rolloutStartSeconds),
        rollout: latencyFigures(result, rolloutStartSeconds, rolloutEndSeconds),
        failedByKind: failuresByKind(result, rolloutStartSeconds, rolloutEndSeconds),
        replacements,
        bucketSeconds: plan.bucketSeconds,
        timeline: timeline(result, classified, plan.bucketSeconds, endSeconds),
        records: recordsFigures,
        tookEffectEverywhere:
          recordsFigures.oldAfterRolloutEnd === 0 &&
          recordsFigures.wrong === 0 &&
          recordsFigures.perInstance.every((instance) => instance.new > 0),
      };
    } finally {
      if (!loadStopped) await load.stop().catch(() => undefined);
    }
  } finally {
    await fleet?.kill();
    await controlPlane.stop('SIGKILL').catch(() => undefined);
  }
}

/** Customer 1 exists in every customers instance, so a checkout works whichever one egress picks. */
async function seedCustomers(fleet: RunningFleet): Promise<void> {
  for (const member of fleet.instances.filter((one) => one.spec.service === 'customers')) {
    const response = await fetch(`${member.publicUrl}/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada Lovelace', email: LOAD_EMAIL }),
    });
    await response.arrayBuffer();
    if (response.status !== 201) throw new Error(`seeding ${member.spec.instanceId} answered ${response.status}`);
  }
}

/** Waits until the collector received nothing new for a moment: every queue and tailer has shipped. */
async function waitForQuietCollector(client: ControlPlaneClient): Promise<void> {
  const deadline = Date.now() + FLUSH_MAX_SECONDS * 1000;
  let last = -1;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const received = (await client.logStats()).total.received;
    if (received !== last) {
      last = received;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= FLUSH_QUIET_SECONDS * 1000) {
      return;
    }
    await delay(200);
  }
}

async function collectRecords(client: ControlPlaneClient, members: readonly MemberSpec[]): Promise<CollectedRecord[]> {
  const records: CollectedRecord[] = [];
  for (const member of members) {
    const page = await client.logRecords({ instance: member.instanceId, limit: RECORDS_LIMIT });
    if (page.truncated)
      throw new Error(`the collector evicted records of ${member.instanceId}: raise --max-stored-records or lower the rate`);
    records.push(...(page.records as unknown as CollectedRecord[]));
  }
  return records;
}
