// propagation: time from a config change accepted by the control plane to the app using it, per mode.
import { needsControlPlane, startCellInstance, startRunControlPlane } from '../../scripts/topology.js';
import type { Lang, Message, Mode } from '../../scripts/results/types.js';
import { skippedMessages, type ScenarioRunner } from '../../scripts/engine/scenario.js';
import { delay } from '../../scripts/orchestration/ready.js';
import { WORKLOAD_SERVICE } from '../common/workload.js';

export interface PropagationSample {
  version: number;
  /** From just before the PUT to the first /health that reports the version; null when it never did within the deadline. */
  millis: number | null;
}

export interface PropagationRun {
  lang: Lang;
  mode: Mode;
  samples: PropagationSample[];
}

export interface PropagationData {
  /** How the app was asked: polling /health (configVersion) as fast as it answers. */
  method: string;
  deadlineSeconds: number;
  runs: PropagationRun[];
}

/** features.md promises a change in use within 1 s; a change not seen after this long counts as not propagated. */
export const PROPAGATION_DEADLINE_SECONDS = 5;
const START_SECONDS = 2;

async function configVersion(publicUrl: string): Promise<number> {
  const response = await fetch(`${publicUrl}/health`);
  const body = (await response.json()) as { configVersion?: number };
  return body.configVersion ?? -1;
}

async function putConfig(controlplaneUrl: string, pageSizeMax: number): Promise<number> {
  const response = await fetch(`${controlplaneUrl}/v1/config/${WORKLOAD_SERVICE}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ logLevel: 'info', pageSizeMax }),
  });
  if (!response.ok) throw new Error(`PUT /v1/config/${WORKLOAD_SERVICE} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { version: number }).version;
}

export interface PropagationSettings {
  /** Config changes timed per cell. */
  changes: number;
}

export const propagationRunner: ScenarioRunner<PropagationData, PropagationSettings> = {
  estimateSeconds: (_tier, settings, cells) =>
    cells.filter((cell) => cell.mode !== 'none').length * (START_SECONDS + settings.changes * 0.3),

  async run(context) {
    const messages: Message[] = skippedMessages(context);
    const cells = context.cells.filter((cell) => cell.mode !== 'none');
    for (const cell of context.cells.filter((one) => one.mode === 'none')) {
      messages.push({
        level: 'info',
        scope: `${cell.lang}/none`,
        text: 'mode none reads no config (built-in defaults): nothing propagates',
      });
    }
    if (cells.length === 0 || !needsControlPlane(cells))
      return {
        status: 'skipped',
        data: null,
        messages: [...messages, { level: 'skipped', scope: 'propagation', text: 'no library or sidecar cell to measure' }],
      };
    const data: PropagationData = {
      method: 'GET /health polled back to back until configVersion reaches the new version',
      deadlineSeconds: PROPAGATION_DEADLINE_SECONDS,
      runs: [],
    };
    const controlPlane = await startRunControlPlane(context.runDir);
    let pageSizeMax = 50;
    try {
      for (const cell of cells) {
        context.step(`propagation: ${cell.lang}/${cell.mode}`);
        const started = await startCellInstance({
          cell,
          service: WORKLOAD_SERVICE,
          instanceId: `propagation-${cell.lang}-${cell.mode}`,
          runDir: context.runDir,
          controlPlane,
        });
        const run: PropagationRun = { lang: cell.lang, mode: cell.mode, samples: [] };
        try {
          for (let change = 0; change < context.settings.changes; change++) {
            pageSizeMax = pageSizeMax === 50 ? 51 : 50;
            const startedMillis = performance.now();
            const version = await putConfig(controlPlane.url, pageSizeMax);
            const deadline = startedMillis + PROPAGATION_DEADLINE_SECONDS * 1000;
            let millis: number | null = null;
            while (performance.now() < deadline) {
              if ((await configVersion(started.instance.publicUrl)) >= version) {
                millis = performance.now() - startedMillis;
                break;
              }
            }
            run.samples.push({ version, millis });
            // Let the blocking queries settle back into waiting before the next change.
            await delay(100);
          }
        } finally {
          await started.instance.stop();
        }
        data.runs.push(run);
      }
    } finally {
      await controlPlane.stop();
    }
    return { status: 'ok', data, messages };
  },
};
