// What a step sees while a vector runs: the instance under test, the control plane, the fakes, and the outcome type.
import type { RunningInstance } from '../../scripts/orchestration/instance.js';
import type { Mode } from '../../scripts/orchestration/instance.js';
import type { ControlPlaneClient } from '../../controlplane/src/client.js';
import type { FakeUpstream } from './upstreams.js';

export interface RunContext {
  lang: string;
  mode: Mode;
  service: string;
  instance: RunningInstance;
  controlplane: ControlPlaneClient;
  upstreams: Map<string, FakeUpstream>;
  /** The version of the last config document the runner stored (or the seeded one); `"latest"` in vectors. */
  latestConfigVersion: number;
}

export type StepOutcome = { ok: true } | { ok: false; message: string; expected?: unknown; observed?: unknown };

export const OK: StepOutcome = { ok: true };

export function failed(message: string, expected?: unknown, observed?: unknown): StepOutcome {
  return { ok: false, message, expected, observed };
}

/** The `${name}` values a vector may use in its steps. */
export function placeholders(context: RunContext): Record<string, string | number> {
  return {
    instanceId: context.instance.instanceId,
    service: context.service,
    mode: context.mode,
    lang: context.lang,
    publicPort: context.instance.publicPort,
  };
}
