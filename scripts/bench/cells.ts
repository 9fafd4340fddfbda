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

/**
 * Checks toolchains and builds each language once, the languages side by side (after the first build each is a
 * no-op of a few seconds, a JVM's start for Maven, which added up to ten of the quick run's five minutes); a missing
 * piece skips its cells, never the run. The plan keeps the languages' order.
 */
export async function planCells(
  langs: readonly Lang[],
  modes: readonly Mode[],
  runBuild: boolean,
  onStep: (label: string) => void,
): Promise<CellPlan> {
  const built = { controlPlane: existsSync(join(REPO_ROOT, CONTROLPLANE_ENTRY)), sidecar: existsSync(join(REPO_ROOT, SIDECAR_ENTRY)) };
  const plans = await Promise.all(langs.map((lang) => planLanguage(lang, modes, runBuild, built, onStep)));
  return { cells: plans.flatMap((plan) => plan.cells), skipped: plans.flatMap((plan) => plan.skipped) };
}

async function planLanguage(
  lang: Lang,
  modes: readonly Mode[],
  runBuild: boolean,
  built: { controlPlane: boolean; sidecar: boolean },
  onStep: (label: string) => void,
): Promise<CellPlan> {
  const skipAll = (reason: string): CellPlan => ({ cells: [], skipped: modes.map((mode) => ({ cell: { lang, mode }, reason })) });
  if (!existsSync(join(REPO_ROOT, 'services', lang, 'launch.json')))
    return skipAll(`services/${lang}/launch.json does not exist yet: no ${lang} services to start`);
  onStep(`checking the ${lang} toolchain`);
  const toolchain = await toolchainAvailable(lang);
  if (!toolchain.available) return skipAll(toolchain.message);
  try {
    if (runBuild) {
      onStep(`building ${lang}`);
      await build(lang);
    }
  } catch (error) {
    return skipAll(`the ${lang} build failed: ${(error as Error).message.split('\n')[0]}`);
  }
  const plan: CellPlan = { cells: [], skipped: [] };
  for (const mode of modes) {
    if (mode === 'native' && !haproxyInstalled()) {
      plan.skipped.push({ cell: { lang, mode }, reason: HAPROXY_INSTALL_HINT });
    } else if (mode !== 'none' && mode !== 'native' && !built.controlPlane) {
      plan.skipped.push({ cell: { lang, mode }, reason: `${CONTROLPLANE_ENTRY} is missing: mode ${mode} needs the control plane` });
    } else if ((mode === 'sidecar' || mode === 'agent') && !built.sidecar) {
      // An agent is the sidecar's program with --apps.
      plan.skipped.push({
        cell: { lang, mode },
        reason: `${SIDECAR_ENTRY} is missing: the sidecar is not built yet, so ${mode} cells are skipped`,
      });
    } else {
      plan.cells.push({ lang, mode });
    }
  }
  return plan;
}
