// Report section: what the run's tier measured (repetitions, windows, rates, and each scenario's own share), so a
// quick run's limits are said.
import type { AnyScenario } from '../../engine/scenario.js';
import type { RunResults } from '../../results/types.js';
import { escapeHtml, table } from '../html.js';

export function renderPlanSection(results: RunResults, registry: readonly AnyScenario[]): string {
  const tier = results.tierSettings;
  const rows: [string, string][] = [
    [
      'languages alone (topology single)',
      `${results.options.langs.join(', ')}${tier.tier === 'quick' ? ' (the quick tier measures these alone; every language runs in the conformance suite and the differential test; --full or --langs measures the others alone)' : ''}`,
    ],
    ['topologies', results.options.topologies.join(', ')],
    ['modes', results.options.modes.join(', ')],
    ['repetitions', `${tier.repetitions}, modes interleaved in a rotating order`],
    ['each load step', `${tier.warmupSeconds} s warm-up (not recorded), then a ${tier.windowSeconds} s window`],
    ['rates compared (one service)', `${tier.fixedRatesPerSecond.join(', ')} req/s`],
    ['idle windows', `${tier.idleSeconds} s`],
  ];
  // Each scenario says what its own knobs were, from the settings its result recorded, and which modes the tier left out.
  for (const result of results.scenarios) {
    const scenario = registry.find((one) => one.id === result.id);
    if (scenario?.describeSettings !== undefined && result.settings !== undefined)
      rows.push(...scenario.describeSettings(result.settings, results.options));
    if (result.modesLeftOut !== undefined) rows.push(leftOutRow(scenario, result.id, result.modesLeftOut, tier.tier));
  }
  return `<p>The <strong>${escapeHtml(tier.tier)}</strong> tier. ${tier.tier === 'quick' ? 'A five-minute overview: short windows, few rates and a subset of the conformance vectors; <code>--full</code> gives the figures to quote.' : tier.tier === 'smoke' ? 'Only proves the machinery.' : 'The figures to quote.'}</p>
${table(
  ['what', 'how much'],
  rows.map(([what, value]) => [escapeHtml(what), escapeHtml(value)]),
)}`;
}

/** A mode the tier measured only when --modes named it, why it was left out of this run, and what measures it. */
function leftOutRow(scenario: AnyScenario | undefined, id: string, left: { modes: readonly string[]; why: string }, tier: string) {
  const [named, it] = left.modes.length === 1 ? [`mode ${left.modes[0]}`, 'it'] : [`modes ${left.modes.join(', ')}`, 'them'];
  const full = tier !== 'full' && scenario !== undefined && scenario.tiers.full.modesLeftOut === undefined ? ' (as --full does)' : '';
  return [`${id}: ${named}`, `left out of the ${tier} tier's default modes: ${left.why}. --modes naming ${it} measures ${it}${full}`] as [
    string,
    string,
  ];
}
