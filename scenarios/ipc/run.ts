// ipc: what one call costs in-process, over HTTP and over gRPC, each over TCP loopback and a Unix socket.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledScript } from '../../scripts/paths.js';
import { runJsonChild } from '../../scripts/load/node-child.js';
import { startServerChild } from '../../scripts/load/server-child.js';
import type { ScenarioRunner } from '../../scripts/engine/scenario.js';
import { IPC_TRANSPORTS, type IpcClientPlan, type IpcEndpoints, type IpcTaskResult } from './types.js';

export interface IpcData {
  /** One array per repetition; each repetition is a fresh client process. */
  repetitions: IpcTaskResult[][];
  taskMillis: number;
  /** Every channel called in turn, untimed, for this long before the first was timed; absent in results written before. */
  warmAllMillis?: number;
  /** Network channels were timed in an order rotated by repetition; absent (fixed order) in results written before. */
  rotated?: boolean;
  /** Where client and server ran, in words. */
  placement: string;
}

export interface IpcSettings {
  /** How long each transport's calls are timed, per repetition. */
  taskMillis: number;
  /** How long each client warms every channel, in turn, before timing any. */
  warmAllMillis: number;
}

export const ipcRunner: ScenarioRunner<IpcData, IpcSettings> = {
  estimateSeconds: (tier, settings) =>
    2 + tier.repetitions * (1.5 + (settings.warmAllMillis + IPC_TRANSPORTS.length * settings.taskMillis * 1.4) / 1000),

  async run(context) {
    const socketDir = await mkdtemp(join(tmpdir(), 'scl-ipc-'));
    const server = await startServerChild(
      compiledScript('scenarios/ipc/ipc-server-main'),
      [socketDir],
      context.pinning.systemCpus !== undefined ? { cpus: context.pinning.systemCpus } : {},
    );
    try {
      const endpoints = server.ready as unknown as IpcEndpoints;
      const repetitions: IpcTaskResult[][] = [];
      const { taskMillis, warmAllMillis } = context.settings;
      for (let repetition = 1; repetition <= context.tier.repetitions; repetition++) {
        context.step(`ipc: repetition ${repetition}/${context.tier.repetitions}`);
        const plan: IpcClientPlan = { taskMillis, warmAllMillis, rotation: repetition - 1 };
        repetitions.push(
          await runJsonChild<IpcTaskResult[]>(compiledScript('scenarios/ipc/ipc-bench-main'), [JSON.stringify({ ...endpoints, ...plan })], {
            timeoutSeconds: 120,
            ...(context.pinning.generatorCpus !== undefined ? { cpus: context.pinning.generatorCpus } : {}),
          }),
        );
      }
      const placement = context.pinning.applied
        ? `client on core ${context.pinning.generatorCpus}, server on core(s) ${context.pinning.systemCpus}`
        : 'client and server share all cores';
      return { status: 'ok', data: { repetitions, taskMillis, warmAllMillis, rotated: true, placement }, messages: [] };
    } finally {
      await server.stop();
      await rm(socketDir, { recursive: true, force: true });
    }
  },
};
