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
  // Each scenario says what its own knobs were, from the settings its result recorded.
  for (const result of results.scenarios) {
    const scenario = registry.find((one) => one.id === result.id);
    if (scenario?.describeSettings !== undefined && result.settings !== undefined)
      rows.push(...scenario.describeSettings(result.settings, results.options));
  }
  return `<p>The <strong>${escapeHtml(tier.tier)}</strong> tier. ${tier.tier === 'quick' ? 'A five-minute overview: short windows, few rates and a subset of the conformance vectors; <code>--full</code> gives the figures to quote.' : tier.tier === 'smoke' ? 'Only proves the machinery.' : 'The figures to quote.'}</p>
${table(
  ['what', 'how much'],
  rows.map(([what, value]) => [escapeHtml(what), escapeHtml(value)]),
)}`;
}
