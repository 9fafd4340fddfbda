// The benchmarks' instance: the stand-in app (test/fixtures/fake-app.mjs) and the sidecar, launched by the harness's
// one recipe, each pinned to `cpus` when given.
import { pinnedCommand } from '../../scripts/env/pinning.js';
import { fromRoot, repoRoot } from '../../scripts/orchestration/paths.js';
import { spawnProcess, type ManagedProcess } from '../../scripts/orchestration/processes.js';
import { waitForHttpOk } from '../../scripts/orchestration/ready.js';
import {
  appLaunch,
  instanceFiles,
  sidecarLaunch,
  type InstanceRecipe,
  type ProcessLaunch,
  type SidecarBuild,
} from '../../scripts/orchestration/recipe.js';

const FAKE_APP = 'sidecar/test/fixtures/fake-app.mjs';

/** The customers instance of a benchmark in `dir`, the app writing `logFile`; the sidecar ports are the caller's. */
export function benchRecipe(
  dir: string,
  controlplaneUrl: string,
  ports: Pick<InstanceRecipe, 'publicPort' | 'sidecarPorts'>,
  logFile: string,
): InstanceRecipe {
  return { lang: 'ts', service: 'customers', mode: 'sidecar', instanceId: 'customers-1', controlplaneUrl, dir, logFile, ...ports };
}

function spawnPinned(name: string, launch: ProcessLaunch, logFile: string, cpus: string | undefined): ManagedProcess {
  const [command, args] = pinnedCommand(launch.command, launch.args, cpus);
  return spawnProcess({ name, command, args, env: launch.env, cwd: launch.cwd, logFile });
}

/** The stand-in app on the recipe's private app port; `env` adds BODY_BYTES, ACCESS_LOG (see the fixture). */
export async function startFakeApp(
  recipe: InstanceRecipe,
  env: Record<string, string>,
  logFile: string,
  cpus?: string,
): Promise<ManagedProcess> {
  const port = recipe.sidecarPorts!.app;
  const appEnv = { PORT: String(port), LOG_FILE: instanceFiles(recipe).logFile, ...env };
  const launch = appLaunch({ ...recipe, env: appEnv }, { command: process.execPath, args: [fromRoot(FAKE_APP)] }, repoRoot());
  const app = spawnPinned('app', launch, logFile, cpus);
  await waitForHttpOk(`http://127.0.0.1:${port}/health`, { timeoutSeconds: 20, processes: [app] });
  return app;
}

/** The sidecar of `build` beside the app, once it answers /ready. */
export async function startSidecar(
  name: string,
  recipe: InstanceRecipe,
  build: SidecarBuild,
  logFile: string,
  cpus?: string,
): Promise<ManagedProcess> {
  const sidecar = spawnPinned(name, sidecarLaunch(recipe, build), logFile, cpus);
  await waitForHttpOk(`http://127.0.0.1:${recipe.sidecarPorts!.admin}/ready`, { timeoutSeconds: 30, processes: [sidecar] });
  return sidecar;
}
