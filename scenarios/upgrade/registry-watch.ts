// When the registry stopped (or started again) listing instances as passing, seen by polling it: a rollout's replacement times.
import { setTimeout as delay } from 'node:timers/promises';
import { ControlPlaneClient } from '../../controlplane/src/client.js';

export const READY_TIMEOUT_SECONDS = 30;
const REGISTRY_POLL_MILLIS = 10;

export interface Listed {
  service: string;
  instanceId: string;
}

/**
 * Polls the registry until each instance is (or is no longer) listed as passing; resolves with the time each was
 * seen, in the order given, or null for one still not seen when `until` settled. One query per service and round, so
 * an agent's apps (several services at once) cost no more polling than one instance each.
 */
export async function waitPassing(
  controlplaneUrl: string,
  instances: readonly Listed[],
  passing: boolean,
  until?: Promise<unknown>,
): Promise<(number | null)[]> {
  const client = new ControlPlaneClient(controlplaneUrl);
  const seen: (number | null | undefined)[] = instances.map(() => undefined);
  let settled = false;
  void until?.then(() => (settled = true));
  const deadline = Date.now() + READY_TIMEOUT_SECONDS * 1000;
  const services = [...new Set(instances.map((one) => one.service))];
  while (Date.now() < deadline) {
    // Read before the round: an instance not seen in a round that began after `until` settled never will be.
    const last = settled;
    const listed = new Set<string>();
    for (const service of services)
      for (const one of (await client.instances(service, { passing: true })).instances) listed.add(`${service}/${one.id}`);
    const now = Date.now();
    instances.forEach((one, index) => {
      if (seen[index] === undefined && listed.has(`${one.service}/${one.instanceId}`) === passing) seen[index] = now;
    });
    if (seen.every((time) => time !== undefined)) return seen as number[];
    if (last) return seen.map((time) => time ?? null);
    await delay(REGISTRY_POLL_MILLIS);
  }
  const missing = instances.filter((_, index) => seen[index] === undefined).map((one) => one.instanceId);
  throw new Error(`${missing.join(', ')} not ${passing ? 'listed' : 'delisted'} as passing within ${READY_TIMEOUT_SECONDS} s`);
}
