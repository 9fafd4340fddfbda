// How much the upgrade scenario measures per tier, and the polyglot fleet it rolls out over.
import type { Tier } from '../../scripts/results/types.js';
import type { MemberSpec, FleetMode } from './fleet.js';

export interface UpgradeTier {
  ratePerSecond: number;
  instancesPerService: number;
  warmupSeconds: number;
  steadySeconds: number;
  settleSeconds: number;
  bucketSeconds: number;
  /** suites: every unit suite a path ships, as its CI would; changed: only the test files the patches touch. */
  testScope: 'suites' | 'changed';
  /** Run the new vectors on the unpatched tree too, to show which ones only pass after the upgrade. */
  vectorsBefore: boolean;
  /** Run the new vectors beside every language's app, or only check the patched build with the rollout. */
  vectors: boolean;
}

export const UPGRADE_TIERS: Record<Tier, UpgradeTier> = {
  smoke: {
    ratePerSecond: 30,
    instancesPerService: 2,
    warmupSeconds: 1,
    steadySeconds: 1,
    settleSeconds: 1,
    bucketSeconds: 0.5,
    testScope: 'changed',
    vectorsBefore: false,
    vectors: false,
  },
  quick: {
    ratePerSecond: 50,
    instancesPerService: 2,
    warmupSeconds: 3,
    steadySeconds: 3,
    settleSeconds: 2,
    bucketSeconds: 0.5,
    testScope: 'suites',
    vectorsBefore: true,
    vectors: true,
  },
  full: {
    ratePerSecond: 100,
    instancesPerService: 2,
    warmupSeconds: 10,
    steadySeconds: 5,
    settleSeconds: 3,
    bucketSeconds: 0.5,
    testScope: 'suites',
    vectorsBefore: true,
    vectors: true,
  },
};

export const FLEET_SERVICES = ['customers', 'payment', 'web'] as const;

/**
 * Instance i of service s runs language langs[(s * instancesPerService + i) % n]: the languages are dealt round the
 * fleet, so every language runs somewhere while there are as many instances as languages (five languages, three
 * services of two instances), and with three languages every service is served by two of them and every language
 * serves two services, as in a real polyglot shop. In mode agent instance i of every service runs on host i: spread as
 * a scheduler's anti-affinity would, so restarting one host's agent leaves every service an instance on another host.
 */
export function fleetMembers(langs: readonly string[], instancesPerService: number, mode: FleetMode): MemberSpec[] {
  const members: MemberSpec[] = [];
  FLEET_SERVICES.forEach((service, serviceIndex) => {
    for (let i = 0; i < instancesPerService; i++) {
      members.push({
        instanceId: `${service}-${i + 1}`,
        service,
        lang: langs[(serviceIndex * instancesPerService + i) % langs.length] as string,
        mode,
        ...(mode === 'agent' ? { host: `host-${i + 1}` } : {}),
      });
    }
  });
  return members;
}

/** Mode agent: the fleet's hosts in order, each with the members its one agent serves. */
export function fleetHosts(members: readonly MemberSpec[]): { host: string; members: MemberSpec[] }[] {
  const hosts = new Map<string, MemberSpec[]>();
  for (const member of members) {
    if (member.host === undefined) throw new Error(`${member.instanceId} has no host: only mode agent groups instances onto hosts`);
    hosts.set(member.host, [...(hosts.get(member.host) ?? []), member]);
  }
  return [...hosts].map(([host, served]) => ({ host, members: served }));
}
