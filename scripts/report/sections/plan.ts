// Report section: what the run's tier measured (repetitions, windows, rates, vectors), so a quick run's limits are said.
import type { RunResults } from '../../results/types.js';
import { escapeHtml, table } from '../html.js';

export function renderPlanSection(results: RunResults): string {
  const tier = results.tierSettings;
  if (tier === undefined || tier === null) return '<p class="muted">This results file does not record its tier settings.</p>';
  const rows: [string, string][] = [
    ['languages alone (topology single)', results.options.langs.join(', ')],
    ['topologies', (results.options.topologies ?? ['single']).join(', ')],
    ['modes', results.options.modes.join(', ')],
    ['repetitions', `${tier.repetitions}, modes interleaved in a rotating order`],
    ['each load step', `${tier.warmupSeconds} s warm-up (not recorded), then a ${tier.windowSeconds} s window`],
    ['rates compared (one service)', `${tier.fixedRatesPerSecond.join(', ')} req/s`],
    ['latency-vs-rate curve', tier.curveFractions.length === 0 ? 'not measured' : `${tier.curveFractions.map((f) => `${f * 100}%`).join(', ')} of each language's highest saturation, capped at ${tier.curveMaxRatePerSecond} req/s; one repetition`],
    ['checkouts compared (polyglot)', `${tier.polyglotRatesPerSecond.join(', ')} per second`],
    ['conformance vectors', tier.conformanceVectors === 'all' ? 'all' : `the ${tier.conformanceVectors} subset (listed in the consistency section)`],
    ['features', tier.featuresEveryLanguage ? 'every language' : 'the first language only'],
    ['scale', `1 to ${tier.scaleMaxInstances} instances, ${tier.idleSeconds} s idle each`],
    ['config changes (propagation)', String(tier.propagationChanges)],
  ];
  return `<p>The <strong>${escapeHtml(tier.tier)}</strong> tier. ${tier.tier === 'quick' ? 'A five-minute overview: short windows, few rates and a subset of the conformance vectors; <code>--full</code> gives the figures to quote.' : tier.tier === 'smoke' ? 'Only proves the machinery.' : 'The figures to quote.'}</p>
${table(['what', 'how much'], rows.map(([what, value]) => [escapeHtml(what), escapeHtml(value)]))}`;
}
