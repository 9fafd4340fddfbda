// A deploy path's fleet as the rollout drives it: what it moves one step at a time (an instance, or a host's agent).
import { join } from 'node:path';
import { FleetHost } from './fleet-host.js';
import { FleetMember, type MemberSpec, type ReplacementTimes } from './fleet.js';
import { fleetHosts } from './plan.js';
import type { DeployPath } from './types.js';

/** One step of a rolling rollout: a process (or, on the agent path, a host's one agent) replaced by the new build. */
export interface RolloutStep {
  label: string;
  /** Every instance the step moved, with its times. */
  move(newRoot: string): Promise<ReplacementTimes[]>;
}

export interface RunningFleet {
  steps: RolloutStep[];
  instances: { spec: MemberSpec; publicUrl: string }[];
  /** SIGKILL: the rollout's figures are taken; nothing is left to drain. */
  kill(): Promise<void>;
}

/** The service the load calls; customers and payment are reached through it by egress. */
export const ENTRY_SERVICE = 'web';

/** Peers first, so web's first checkouts find them. */
const peersFirst = (members: readonly MemberSpec[]) =>
  [...members].sort((a, b) => Number(a.service === ENTRY_SERVICE) - Number(b.service === ENTRY_SERVICE));

/** Starts every instance from `oldRoot` (an agent path's hosts one after another); resolves once all are listed as passing. */
export async function startFleet(
  path: DeployPath,
  members: readonly MemberSpec[],
  runDir: string,
  controlplaneUrl: string,
  oldRoot: string,
): Promise<RunningFleet> {
  const instancesDir = join(runDir, 'instances');
  const started: { kill(): Promise<void> }[] = [];
  const fleet: RunningFleet = {
    steps: [],
    instances: [],
    kill: async () => {
      await Promise.all(started.map((one) => one.kill().catch(() => undefined)));
    },
  };
  try {
    if (path === 'agent') {
      for (const { host, members: served } of fleetHosts(members)) {
        const running = await FleetHost.start(host, peersFirst(served), instancesDir, controlplaneUrl, oldRoot);
        started.push({ kill: () => running.stop('SIGKILL') });
        fleet.steps.push({ label: `${host}'s agent (${served.length} apps)`, move: (newRoot) => running.replaceAgent(newRoot) });
        fleet.instances.push(...running.specs.map((spec) => ({ spec, publicUrl: running.publicUrlOf(spec.instanceId) })));
      }
      return fleet;
    }
    for (const spec of peersFirst(members)) {
      const member = await FleetMember.create(spec, instancesDir, controlplaneUrl);
      started.push({ kill: () => member.stop('SIGKILL') });
      await member.start(oldRoot, oldRoot);
      const move = path === 'library' ? (root: string) => member.replaceApp(root) : (root: string) => member.replaceSidecar(root);
      fleet.steps.push({ label: spec.instanceId, move: async (newRoot) => [await move(newRoot)] });
      fleet.instances.push({ spec, publicUrl: member.publicUrl });
    }
    return fleet;
  } catch (error) {
    await fleet.kill();
    throw error;
  }
}
