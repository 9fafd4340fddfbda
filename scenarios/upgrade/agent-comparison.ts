// The agent path beside the sidecar path for one upgrade, as one sentence whose every figure and comparison comes from the run.
import { formatNumber } from '../../scripts/report/html.js';
import { appsPerHost, restartsOf, rolloutOf, switchSpreadSeconds } from './summary.js';
import type { RolloutFigures, UpgradeFigures } from './types.js';

/** Compared as the report prints them, so the words never contradict two figures that read the same. */
function compareShown(mine: number, theirs: number, digits: number): -1 | 0 | 1 {
  const [a, b] = [mine, theirs].map((value) => Number(value.toFixed(digits))) as [number, number];
  return a < b ? -1 : a > b ? 1 : 0;
}

const failedShare = (rollout: RolloutFigures) => (rollout.rollout.sent === 0 ? 0 : rollout.rollout.failed / rollout.rollout.sent);

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Restarts, failed checkouts, rollout duration, mixed-version window and first-to-last instance on the new behaviour of
 * the agent path against the sidecar path's;
 * null when either did not roll out. Failures are compared as shares: the two rollouts last different times.
 */
export function agentAgainstSidecar(upgrade: UpgradeFigures): string | null {
  const agent = rolloutOf(upgrade, 'agent');
  const sidecar = rolloutOf(upgrade, 'sidecar');
  if (agent === undefined || sidecar === undefined) return null;
  const [agents, sidecars] = [restartsOf(agent), restartsOf(sidecar)];
  const { fewest, most } = appsPerHost(agent);
  const served = fewest === most ? `${plural(most, 'app')} each` : `${fewest} to ${most} apps`;
  const restarts = ['fewer restarts than', 'as many restarts as', 'more restarts than'][compareShown(agents, sidecars, 0) + 1];
  const failures =
    agent.rollout.failed === 0 && sidecar.rollout.failed === 0
      ? 'none, as on the sidecar path'
      : `${['a smaller share than', 'the same share as', 'a larger share than'][compareShown(failedShare(agent), failedShare(sidecar), 4) + 1]} the sidecar path's ${sidecar.rollout.failed} of ${sidecar.rollout.sent}`;
  const seconds = (value: number, digits: number) => formatNumber(value, digits, 's');
  const longer = (mine: number, theirs: number, digits: number) =>
    `${seconds(mine, digits)}, ${['shorter than', 'as long as', 'longer than'][compareShown(mine, theirs, digits) + 1]} the sidecar path's ${seconds(theirs, digits)}`;
  const [agentSpread, sidecarSpread] = [switchSpreadSeconds(agent), switchSpreadSeconds(sidecar)];
  const spread =
    agentSpread === null || sidecarSpread === null
      ? ''
      : `; from the first instance on the new behaviour to the last took ${longer(agentSpread, sidecarSpread, 2)}`;
  const effect = agent.tookEffectEverywhere ? '' : '; the upgrade did not take effect everywhere on the agent path';
  return (
    `The agent path restarted ${plural(agents, 'agent')} (one per host, serving ${served}), ${restarts} the sidecar path's ${plural(sidecars, 'sidecar')}` +
    `; during its rollout ${agent.rollout.failed} of ${agent.rollout.sent} checkouts failed: ${failures}` +
    `; the rollout took ${longer(agent.durationSeconds, sidecar.durationSeconds, 1)}` +
    `; the fleet answered with both versions for ${longer(agent.records.mixedWindowSeconds, sidecar.records.mixedWindowSeconds, 2)}${spread}${effect}.`
  );
}
