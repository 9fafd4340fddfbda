// Which languages the upgrade reaches: every one with its patches that runs here, or only those --langs names.
import type { BenchOptions } from '../../scripts/results/types.js';
import type { StepLang } from './tree/verify.js';

/** The languages whose library every upgrade has a patch for, and whose build and tests the scratch tree can run. */
export const PATCHED_LANGS: readonly StepLang[] = ['ts', 'python', 'go', 'rust', 'java'];

export interface FleetLangs {
  /** Built, tested and dealt round the fleet, in PATCHED_LANGS order. */
  langs: StepLang[];
  /** Patched languages that could not run or did not conform in this run. */
  notRunnable: StepLang[];
  /** Patched languages that run here but --langs left out. */
  leftOutByFlag: StepLang[];
}

/**
 * The experiment is about reaching every codebase, so by default every patched language that runs here (passed
 * conformance) takes part. A run that names --langs (the workshop's smoke form does, to keep npm test short) rolls out
 * over only those: the same experiment on fewer codebases, which the report says.
 */
export function fleetLangs(available: readonly string[], options: Pick<BenchOptions, 'langs' | 'langsGiven'>): FleetLangs {
  const runs = PATCHED_LANGS.filter((lang) => available.includes(lang));
  const named = (lang: StepLang) => options.langsGiven !== true || (options.langs as readonly string[]).includes(lang);
  return {
    langs: runs.filter(named),
    notRunnable: PATCHED_LANGS.filter((lang) => !runs.includes(lang)),
    leftOutByFlag: runs.filter((lang) => !named(lang)),
  };
}

/** The run's message about who took part, and why the others did not. */
export function fleetLangsNote({ langs, notRunnable, leftOutByFlag }: FleetLangs): string {
  const who =
    leftOutByFlag.length === 0
      ? `every language that runs here and has its patches takes part (the experiment is about reaching every codebase): ${langs.join(', ')}`
      : `only the languages --langs named take part: ${langs.join(', ')}; left out by --langs: ${leftOutByFlag.join(', ')} (the experiment is about reaching every codebase: this run reaches fewer)`;
  return `${who}${notRunnable.length > 0 ? `; not runnable or not conforming in this run: ${notRunnable.join(', ')}` : ''}`;
}
