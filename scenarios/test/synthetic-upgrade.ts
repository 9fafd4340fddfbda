// Synthetic upgrade figures: two upgrades, each rolled out through the libraries, through the sidecar and through one agent per host.
import type { MemberSpec } from '../upgrade/fleet.js';
import type { PathEffort, ReplacementFigures, RolloutFigures, UpgradeData, UpgradeFigures } from '../upgrade/types.js';

function effort(path: 'library' | 'sidecar', langs: string[]): PathEffort {
  return {
    path,
    codebases: [
      { codebase: 'contract', lang: 'shared', codeFiles: 0, testFiles: 0, contractFiles: 4, linesAdded: 37, linesDeleted: 0 },
      ...langs.map((lang) => ({
        codebase: path === 'library' ? `library-${lang}` : 'library-ts (in the sidecar)',
        lang,
        codeFiles: 2,
        testFiles: 1,
        contractFiles: 0,
        linesAdded: 100,
        linesDeleted: 5,
      })),
    ],
    languages: langs,
    files: 4 + langs.length * 3,
    linesChanged: 37 + langs.length * 105,
    builds: langs.map((lang) => ({ lang, what: 'build', seconds: 3 })),
    tests: langs.map((lang) => ({ lang, what: 'tests', seconds: 10 })),
  };
}

function rollout(path: 'library' | 'sidecar', failed: number, tookEffect = true): RolloutFigures {
  return {
    path,
    mode: path,
    members: [{ instanceId: 'web-1', service: 'web', lang: 'ts', mode: path }],
    ratePerSecond: 50,
    rolloutStartSeconds: 6,
    rolloutEndSeconds: 12,
    durationSeconds: 6,
    steady: { sent: 150, failed: 0, p50Micros: 4000, p99Micros: 12_000, maxMicros: 20_000 },
    rollout: { sent: 300, failed, p50Micros: 5000, p99Micros: 90_000, maxMicros: 120_000 },
    failedByKind: failed > 0 ? { ECONNREFUSED: failed } : {},
    replacements: [
      {
        instanceId: 'web-1',
        service: 'web',
        lang: 'ts',
        replaced: path === 'library' ? 'app' : 'sidecar',
        signalledSeconds: 6,
        deregisteredSeconds: 6.01,
        exitedSeconds: 6.3,
        readySeconds: 7.5,
        passingSeconds: 7.5,
      },
    ],
    bucketSeconds: 0.5,
    timeline: Array.from({ length: 30 }, (_, i) => ({
      startSeconds: i * 0.5,
      ok: 25,
      failed: 0,
      p99Micros: 10_000,
      oldRecords: i < 15 ? 100 : 0,
      newRecords: i >= 14 ? 100 : 0,
    })),
    records: {
      classified: 3000,
      old: 1500,
      new: 1500,
      wrong: 0,
      tracesStartedOnTheWay: 0,
      oldAfterRolloutStart: 200,
      oldAfterRolloutEnd: tookEffect ? 0 : 5,
      firstNewSeconds: 7,
      lastOldSeconds: 7.4,
      mixedWindowSeconds: 0.4,
      perInstance: [{ instanceId: 'web-1', old: 1500, new: 1500, movedSeconds: 7.5, lastOldSeconds: 7.4, firstNewSeconds: 7 }],
    },
    tookEffectEverywhere: tookEffect,
  };
}

export function upgradeData(
  options: {
    libraryLangs?: string[];
    sidecarFailed?: number;
    libraryFailed?: number;
    sidecarTookEffect?: boolean;
    /** null: no agent rollout, as in results made before the agent path was measured. */
    agent?: AgentOutcome | null;
  } = {},
): UpgradeData {
  const libraryLangs = options.libraryLangs ?? ['go', 'python', 'ts'];
  const upgrade = (name: string, probe: 'redaction' | 'traceparent'): UpgradeFigures => ({
    name,
    title: `the ${name} upgrade`,
    kind: 'security fix',
    probe,
    vectorIds: ['v-1', 'v-2'],
    vectorsBefore: { lang: 'ts', mode: 'library', passed: ['v-2'], failed: ['v-1'], seconds: 5 },
    vectors: [{ lang: 'ts', mode: 'library', passed: ['v-1', 'v-2'], failed: [], seconds: 5 }],
    effort: [effort('library', libraryLangs), effort('sidecar', ['ts'])],
    rollouts: [
      rollout('library', options.libraryFailed ?? 1),
      rollout('sidecar', options.sidecarFailed ?? 0, options.sidecarTookEffect ?? true),
      ...(options.agent === null ? [] : [agentRollout(options.agent)]),
    ],
  });
  return {
    langs: libraryLangs,
    ratePerSecond: 50,
    instancesPerService: 2,
    testScope: 'suites',
    upgrades: [upgrade('redact-pii', 'redaction'), upgrade('traceparent', 'traceparent')],
  };
}

/** What an agent rollout of the synthetic fleet measured: the figures the agent path is compared on. */
export interface AgentOutcome {
  failed?: number;
  sent?: number;
  durationSeconds?: number;
  mixedWindowSeconds?: number;
  /** From the first instance's first new record to the last's: host-2's apps show it this much after host-1's. */
  spreadSeconds?: number;
  tookEffect?: boolean;
}

/** Two hosts of three apps (web, customers, payment), each host's agent restarted once. */
export function agentRollout(outcome: AgentOutcome = {}): RolloutFigures {
  const base = rollout('sidecar', outcome.failed ?? 0, outcome.tookEffect ?? true);
  const members: MemberSpec[] = [1, 2].flatMap((host) =>
    ['customers', 'payment', 'web'].map((service) => ({
      instanceId: `${service}-${host}`,
      service,
      lang: host === 1 ? 'ts' : 'go',
      mode: 'agent' as const,
      host: `host-${host}`,
    })),
  );
  const replacements: ReplacementFigures[] = members.map((member, index) => {
    const at = 6 + (index < 3 ? 0 : 2);
    return {
      instanceId: member.instanceId,
      service: member.service,
      lang: member.lang,
      replaced: 'agent',
      host: member.host as string,
      signalledSeconds: at,
      deregisteredSeconds: at + 0.01,
      exitedSeconds: at + 0.4,
      readySeconds: at + 1.5,
      passingSeconds: at + 1.5,
    };
  });
  const durationSeconds = outcome.durationSeconds ?? 3.5;
  const sent = outcome.sent ?? 175;
  return {
    ...base,
    path: 'agent',
    mode: 'agent',
    members,
    rolloutEndSeconds: 6 + durationSeconds,
    durationSeconds,
    rollout: { ...base.rollout, sent },
    replacements,
    records: {
      ...base.records,
      mixedWindowSeconds: outcome.mixedWindowSeconds ?? 2,
      perInstance: members.map((member) => ({
        instanceId: member.instanceId,
        old: 250,
        new: 250,
        movedSeconds: 7.5,
        lastOldSeconds: 7.4,
        firstNewSeconds: 7 + (member.host === 'host-2' ? (outcome.spreadSeconds ?? 1.5) : 0),
      })),
    },
  };
}
