// The blast episode on real processes: two instances on one host, kill -9 of what carries the first one's features.
// With a sidecar each only the first instance is touched; with one agent for both, both are.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIERS } from '../../../scripts/bench/tiers.js';
import { shutdownAll } from '../../../scripts/bench/cleanup.js';
import { assertBuilt } from '../../../scripts/orchestration/built.js';
import type { RunningControlPlane } from '../../../scripts/orchestration/controlplane.js';
import { liveProcesses } from '../../../scripts/orchestration/processes.js';
import { startRunControlPlane } from '../../../scripts/topology.js';
import { faultById } from '../../isolation/faults.js';
import { analyzeBlastRun } from '../analysis.js';
import { runBlastEpisode } from '../episode.js';
import { blastPlan, type BlastData } from '../run.js';
import { smokeContext } from '../../test/support/smoke-context.js';

const runDir = mkdtempSync(join(tmpdir(), 'scl-blast-'));
const context = smokeContext(runDir, ['blast'], ['sidecar', 'agent']);
const plan = blastPlan(TIERS.smoke);

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

describe("blast radius of kill -9 of what carries one instance's features", () => {
  it('touches the one instance with a sidecar each, and both under one agent', async () => {
    const fault = faultById('sidecar-kill');
    const episodes = [];
    for (const mode of ['sidecar', 'agent'] as const)
      episodes.push(await runBlastEpisode(context, controlPlane, { lang: 'ts', mode }, 2, fault, plan));
    for (const episode of episodes) expect(episode.verification).toMatchObject({ injected: true });
    const data: BlastData = { request: 'test', instances: 2, episodePlan: plan, faults: [], episodes };
    const [sidecar, agent] = analyzeBlastRun(data).episodes;
    expect(sidecar).toMatchObject({ counts: true, clients: { all: 1, others: 0 }, registry: { all: 1, others: 0 } });
    expect(agent).toMatchObject({ counts: true, clients: { all: 2, others: 1 }, registry: { all: 2, others: 1 } });
  }, 60_000);
});
