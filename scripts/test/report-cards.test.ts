// The story cards from synthetic findings: each verdict's words and mark, the deciding figure and its chart, the
// evidence when a rule named no figure, and where each card's link points.
import { describe, expect, it } from 'vitest';
import type { ClaimRow, Verdict } from '../report/claims.js';
import { ChartRegistry } from '../report/html.js';
import { renderCard, renderCardsSection } from '../report/sections/cards.js';

function row(overrides: Partial<ClaimRow> = {}): ClaimRow {
  return {
    id: 'K1',
    side: 'cost',
    statement: 'an extra hop on every request',
    scenario: 'latency',
    evidence: 'ts sidecar 250 µs added at p50, 200 req/s',
    verdict: 'supported',
    rule: 'supported when ...',
    deciding: {
      label: 'ts sidecar: p50 added over mode none at 200 req/s',
      unit: 'µs',
      value: 250,
      interval: { low: 210, high: 290 },
      comparedWith: { label: 'no added latency', value: 0 },
    },
    ...overrides,
  };
}

const sections = new Set(['latency', 'isolation']);
/** The card's text as a reader sees it: tags dropped, entities of the figures kept as written. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('a story card', () => {
  const cases: [Verdict, string, string][] = [
    ['supported', '✓ supported', 'supported'],
    ['not supported', '✗ not supported', 'not-supported'],
    ['depends', '± depends', 'depends'],
    ['not measured', '? not measured', 'not-measured'],
  ];
  for (const [verdict, words, className] of cases) {
    it(`says "${verdict}" in words and a mark, not only in colour`, () => {
      const html = renderCard(row({ verdict }), new ChartRegistry(), sections);
      expect(text(html)).toContain(words);
      expect(html).toContain(`class="card ${className}"`);
      expect(html).toContain(`data-verdict="${verdict}"`);
      // The verdict's words are exactly this verdict's: no other verdict's words on the card.
      expect(/<span class="verdict [^"]+">([^<]*)<\/span>/.exec(html)![1]).toBe(words);
    });
  }

  it("a verdict that changes changes the card's words, and nothing else is asserted", () => {
    const supported = text(renderCard(row({ verdict: 'supported' }), new ChartRegistry(), sections));
    const notSupported = text(
      renderCard(
        row({
          verdict: 'not supported',
          deciding: {
            label: 'ts sidecar: p50 added over mode none at 200 req/s',
            unit: 'µs',
            value: 4,
            interval: { low: -20, high: 30 },
            comparedWith: { label: 'no added latency', value: 0 },
          },
        }),
        new ChartRegistry(),
        sections,
      ),
    );
    expect(supported).toContain('✓ supported');
    expect(supported).not.toContain('not supported');
    expect(notSupported).toContain('✗ not supported');
    expect(notSupported).toContain('4 µs');
    expect(supported).toContain('250 µs [210 µs, 290 µs]');
  });

  it('shows the deciding figure with its interval and what it was weighed against, and draws the two as a chart', () => {
    const charts = new ChartRegistry();
    const html = renderCard(row(), charts, sections);
    expect(text(html)).toContain('ts sidecar: p50 added over mode none at 200 req/s: 250 µs [210 µs, 290 µs]');
    expect(text(html)).toContain('against no added latency: 0 µs');
    expect(html).toContain('<canvas id="chart-1"');
    const config = JSON.parse(/>(.*)<\/script>/.exec(charts.scripts())![1]!);
    expect(config.data.datasets[0].data).toEqual([250, 0]);
    expect(config.data.datasets[0].errorBars).toEqual([{ low: 210, high: 290 }, null]);
    // The figure stands in for the evidence text, which the linked section holds.
    expect(html).not.toContain('class="evidence"');
  });

  it('scales bytes to MiB and shares to percent on the chart, as the words say them', () => {
    const charts = new ChartRegistry();
    const html = renderCard(
      row({
        deciding: {
          label: 'python: memory per added instance',
          unit: 'bytes',
          value: 20 * 1024 * 1024,
          comparedWith: { label: 'threshold', value: 10 * 1024 * 1024 },
        },
      }),
      charts,
      sections,
    );
    expect(text(html)).toContain('20.0 MiB');
    expect(JSON.parse(/>(.*)<\/script>/.exec(charts.scripts())![1]!).data.datasets[0].data).toEqual([20, 10]);
    const share = text(
      renderCard(
        row({ deciding: { label: 'failed', unit: 'share', value: 0.017, comparedWith: { label: 'library', value: 0.5 } } }),
        new ChartRegistry(),
        sections,
      ),
    );
    expect(share).toContain('failed: 1.7 %');
    expect(share).toContain('against library: 50.0 %');
  });

  it('a figure weighed against nothing is shown without a chart', () => {
    const charts = new ChartRegistry();
    const html = renderCard(row({ deciding: { label: 'vectors that differ', unit: 'count', value: 0 } }), charts, sections);
    expect(text(html)).toContain('vectors that differ: 0');
    expect(html).not.toContain('<canvas');
    expect(charts.scripts()).toBe('');
  });

  it("without a deciding figure, shows the verdict and the evidence in the finding's words", () => {
    const html = renderCard(
      row({ verdict: 'depends', deciding: undefined, evidence: 'feature-crash (ts): 0.0% failed in sidecar mode & <more>' }),
      new ChartRegistry(),
      sections,
    );
    expect(html).toContain('<p class="evidence">feature-crash (ts): 0.0% failed in sidecar mode &amp; &lt;more&gt;</p>');
    expect(html).not.toContain('<canvas');
  });

  it('a "not measured" card shows why, never a figure, even when its finding carried one', () => {
    const html = renderCard(
      row({ verdict: 'not measured', evidence: 'calibration failed, so no latency of this run is trusted' }),
      new ChartRegistry(),
      sections,
    );
    expect(text(html)).toContain('calibration failed, so no latency of this run is trusted');
    expect(html).not.toContain('250 µs');
    expect(html).not.toContain('<canvas');
  });

  it("links to the section of the scenario that decided it, or to the claim's row when that section is not in the run", () => {
    expect(renderCard(row(), new ChartRegistry(), sections)).toContain('href="#latency"');
    expect(renderCard(row({ scenario: 'upgrade' }), new ChartRegistry(), sections)).toContain('href="#claim-K1"');
    expect(renderCard(row({ id: 'K5', scenario: null }), new ChartRegistry(), sections)).toContain('href="#claim-K5"');
  });

  it('the section holds one card per row, in the order given', () => {
    const html = renderCardsSection([row({ id: 'C1', side: 'claim' }), row({ id: 'K1' })], new ChartRegistry(), sections);
    expect([...html.matchAll(/id="card-([A-Z0-9]+)"/g)].map((match) => match[1])).toEqual(['C1', 'K1']);
    expect(html).toContain('Cost: an extra hop on every request');
  });
});
