// Which (language, mode) cells this run can start; every other requested cell is skipped with a reason.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths.js';
import { build, toolchainAvailable } from '../orchestration/languages.js';
import { SIDECAR_ENTRY } from '../orchestration/instance.js';
import { CONTROLPLANE_ENTRY } from '../orchestration/controlplane.js';
import { haproxyInstalled, HAPROXY_INSTALL_HINT } from '../orchestration/haproxy.js';
import type { Cell } from '../engine/scenario.js';
import type { Lang, Mode } from '../results/types.js';

export interface CellPlan {
  cells: Cell[];
  skipped: { cell: Cell; reason: string }[];
}

/** Checks toolchains and builds each language once; a missing piece skips its cells, never the run. */
export async function planCells(
  langs: readonly Lang[],
  modes: readonly Mode[],
  runBuild: boolean,
  onStep: (label: string) => void,
): Promise<CellPlan> {
  const plan: CellPlan = { cells: [], skipped: [] };
  const skipAll = (lang: Lang, reason: string) => {
    for (const mode of modes) plan.skipped.push({ cell: { lang, mode }, reason });
  };
  const controlPlaneBuilt = existsSync(join(REPO_ROOT, CONTROLPLANE_ENTRY));
  const sidecarBuilt = existsSync(join(REPO_ROOT, SIDECAR_ENTRY));
  for (const lang of langs) {
    if (!existsSync(join(REPO_ROOT, 'services', lang, 'launch.json'))) {
      skipAll(lang, `services/${lang}/launch.json does not exist yet: no ${lang} services to start`);
      continue;
    }
    onStep(`checking the ${lang} toolchain`);
    const toolchain = await toolchainAvailable(lang);
    if (!toolchain.available) {
      skipAll(lang, toolchain.message);
      continue;
    }
    try {
      if (runBuild) {
        onStep(`building ${lang}`);
        await build(lang);
      }
    } catch (error) {
      skipAll(lang, `the ${lang} build failed: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    for (const mode of modes) {
      if (mode === 'native' && !haproxyInstalled()) {
        plan.skipped.push({ cell: { lang, mode }, reason: HAPROXY_INSTALL_HINT });
      } else if (mode !== 'none' && mode !== 'native' && !controlPlaneBuilt) {
        plan.skipped.push({ cell: { lang, mode }, reason: `${CONTROLPLANE_ENTRY} is missing: mode ${mode} needs the control plane` });
      } else if ((mode === 'sidecar' || mode === 'agent') && !sidecarBuilt) {
        // An agent is the sidecar's program with --apps.
        plan.skipped.push({
          cell: { lang, mode },
          reason: `${SIDECAR_ENTRY} is missing: the sidecar is not built yet, so ${mode} cells are skipped`,
        });
      } else {
        plan.cells.push({ lang, mode });
      }
    }
  }
  return plan;
}
