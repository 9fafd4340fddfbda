// profile: a V8 CPU profile of the sidecar, or the app when there is no sidecar, under load.
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { needsControlPlane, startCellInstance, startRunControlPlane } from '../../scripts/topology.js';
import { runOpenLoop } from '../../scripts/load/open-loop.js';
import { checkOpenLoopStep, type Validity } from '../../scripts/load/validity.js';
import type { Lang, Message, Mode } from '../../scripts/results/types.js';
import type { Cell, ScenarioRunner } from '../../scripts/engine/scenario.js';
import { prepareWorkload, WORKLOAD_SERVICE } from '../common/workload.js';
import { compiledScript } from '../../scripts/paths.js';
import { topSelfTime, type CpuProfile, type FunctionCost } from './cpuprofile.js';

export interface ProfileFile {
  role: 'app' | 'sidecar';
  /** Relative to the run folder, so the report links it. */
  path: string;
  totalMillis: number;
  topFunctions: FunctionCost[];
}

export interface ProfileData {
  lang: Lang;
  mode: Mode;
  ratePerSecond: number;
  seconds: number;
  validity: Validity;
  tool: string;
  files: ProfileFile[];
}

/** The sidecar is the point; without it, the library-mode app shows where the in-process features spend. */
export function profileCell(cells: readonly Cell[]): Cell | undefined {
  return (
    cells.find((cell) => cell.mode === 'sidecar' && cell.lang === 'ts') ??
    cells.find((cell) => cell.mode === 'sidecar') ??
    cells.find((cell) => cell.mode === 'library' && cell.lang === 'ts')
  );
}

export interface ProfileSettings {
  /** The profiled window under load. */
  seconds: number;
}

export const profileRunner: ScenarioRunner<ProfileData, ProfileSettings> = {
  estimateSeconds: (tier, settings, cells) => (profileCell(cells) === undefined ? 0 : 4 + tier.warmupSeconds + settings.seconds),

  async run(context) {
    const messages: Message[] = [];
    const cell = profileCell(context.cells);
    if (cell === undefined)
      return {
        status: 'skipped',
        data: null,
        messages: [{ level: 'skipped', scope: 'profile', text: 'no sidecar cell and no ts library cell to profile' }],
      };
    if (cell.mode !== 'sidecar')
      messages.push({ level: 'info', scope: 'profile', text: 'no sidecar cell in this run: the library-mode app is profiled instead' });
    const profileDir = join(context.runDir, 'profile');
    await mkdir(profileDir, { recursive: true });
    const rawDir = join(context.runDir, 'instances', 'profile-raw');
    await mkdir(rawDir, { recursive: true });
    const rate = context.tier.fixedRatesPerSecond[0]!;
    const controlPlane = needsControlPlane([cell]) ? await startRunControlPlane(context.runDir) : undefined;
    let validity: Validity;
    let pids: { app: number; sidecar?: number };
    try {
      context.step(`profile: ${cell.lang}/${cell.mode} under the V8 CPU profiler`);
      const started = await startCellInstance({
        cell,
        service: WORKLOAD_SERVICE,
        instanceId: `profile-${cell.lang}-${cell.mode}`,
        runDir: context.runDir,
        controlPlane,
        extraEnv: {
          NODE_OPTIONS: `--require ${compiledScript('scenarios/profile/cpu-profile-preload').replace(/\.js$/, '.cjs')}`,
          SCL_CPU_PROFILE_DIR: rawDir,
        },
      });
      pids = {
        app: started.instance.appProcess.pid,
        ...(started.instance.sidecarProcess ? { sidecar: started.instance.sidecarProcess.pid } : {}),
      };
      try {
        const path = await prepareWorkload(started);
        const load = await runOpenLoop(
          {
            origin: started.instance.publicUrl,
            method: 'GET',
            path,
            ratePerSecond: rate,
            durationSeconds: context.settings.seconds,
            warmupSeconds: context.tier.warmupSeconds,
            connections: 16,
            timeoutSeconds: 2,
          },
          context.pinning.generatorCpus,
        );
        validity = checkOpenLoopStep(load, context.options.tier === 'smoke');
      } finally {
        // A graceful stop: Node writes the profile as the process exits.
        await started.instance.stop('SIGTERM');
      }
    } finally {
      await controlPlane?.stop();
    }
    const files: ProfileFile[] = [];
    for (const name of await readdir(rawDir)) {
      const pid = Number(name.split('.')[1]);
      const role = pid === pids.sidecar ? 'sidecar' : pid === pids.app ? 'app' : undefined;
      if (role === undefined || !name.endsWith('.cpuprofile')) continue;
      const target = join(profileDir, `${role}.cpuprofile`);
      await copyFile(join(rawDir, name), target);
      const profile = JSON.parse(await readFile(target, 'utf8')) as CpuProfile;
      const { totalMillis, functions } = topSelfTime(profile, 15);
      files.push({ role, path: relative(context.runDir, target), totalMillis, topFunctions: functions });
    }
    if (files.length === 0)
      messages.push({
        level: 'warning',
        scope: 'profile',
        text: 'no .cpuprofile was written: the process did not exit gracefully, or its launcher does not pass NODE_OPTIONS to node',
      });
    const data: ProfileData = {
      lang: cell.lang,
      mode: cell.mode,
      ratePerSecond: rate,
      seconds: context.settings.seconds,
      validity,
      tool: "V8's sampling CPU profiler through node:inspector, preloaded with NODE_OPTIONS=--require (the same profile --cpu-prof writes; NODE_OPTIONS refuses --cpu-prof itself); clinic is not installed and is unmaintained",
      files,
    };
    return { status: files.length > 0 ? 'ok' : 'partial', data, messages };
  },
};
