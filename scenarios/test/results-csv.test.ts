// results.csv read back as a spreadsheet would: `npm run report` writes it beside results.json, and every headline and
// verdict of the run comes back with its value, interval and verdict, quoted so commas and quotes survive.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/paths.js';
import { CLAIMS } from '../../scripts/report/claims.js';
import { CSV_COLUMNS, resultsCsv } from '../../scripts/report/csv.js';
import type { Headline } from '../../scripts/report/headlines.js';
import { claimsOf, headlinesOf } from './support/registry.js';
import { sampleRun } from './support/sample-run.js';
import { syntheticResults } from './synthetic-results.js';

type Row = Record<(typeof CSV_COLUMNS)[number], string>;
const readCsv = (text: string): Row[] => parse(text, { columns: true, skip_empty_lines: true }) as Row[];

describe('results.csv', () => {
  it('npm run report writes it beside results.json: one row per headline figure and one per verdict, values as computed', async () => {
    const results = sampleRun();
    const dir = mkdtempSync(join(tmpdir(), 'scl-results-csv-'));
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
    const run = await execa('node', [join(REPO_ROOT, 'dist/scripts/report/main.js'), join(dir, 'results.json')], { reject: false });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const text = readFileSync(join(dir, 'results.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe(CSV_COLUMNS.join(','));
    const rows = readCsv(text);

    const headlines = headlinesOf(results);
    const headlineRows = rows.filter((row) => row.kind === 'headline');
    expect(headlines.length).toBeGreaterThan(10);
    expect(headlineRows.map((row) => row.id)).toEqual(headlines.map((one) => one.key));
    for (const [index, headline] of headlines.entries()) {
      const row = headlineRows[index]!;
      // Numbers come back exactly: a spreadsheet reads what the report computed.
      expect(Number(row.value), headline.key).toBe(headline.estimate.median);
      expect([Number(row.interval_low), Number(row.interval_high)], headline.key).toEqual([headline.estimate.low, headline.estimate.high]);
      expect(row.label).toBe(headline.label);
      expect(row.unit).toBe(headline.unit);
      expect(row.scenario).toBe(headline.key.split('/')[0]);
    }
    // Language and mode are columns of their own, not left in the key.
    const checkout = headlineRows.filter((row) => row.scenario === 'polyglot');
    expect(checkout.length).toBeGreaterThan(0);
    // A checkout's language column is its scope: `polyglot` for the first, `polyglot/java-rust-ts` for the second.
    for (const row of checkout)
      expect(
        [['polyglot', 'polyglot/java-rust-ts'].includes(row.language!), row.id.startsWith(`${row.language}/${row.mode}/`)],
        row.id,
      ).toEqual([true, true]);
    expect(new Set(checkout.map((row) => row.language))).toEqual(new Set(['polyglot', 'polyglot/java-rust-ts']));

    const claims = claimsOf(results);
    const verdictRows = rows.filter((row) => row.kind === 'verdict');
    expect(verdictRows.map((row) => row.id)).toEqual(CLAIMS.map((claim) => claim.id));
    for (const claim of claims) {
      const row = verdictRows.find((one) => one.id === claim.id)!;
      expect(row.verdict, claim.id).toBe(claim.verdict);
      expect(row.label).toBe(claim.statement);
      const figure = claim.verdict === 'not measured' ? undefined : claim.deciding;
      expect(row.value, claim.id).toBe(figure === undefined ? '' : String(figure.value));
      expect(row.figure, claim.id).toBe(figure?.label ?? '');
    }
    expect(verdictRows.filter((row) => row.value !== '').length, 'verdicts with a deciding figure').toBeGreaterThan(3);
  }, 60_000);

  it('names the language and mode of every latency and resources figure in columns of their own', () => {
    const results = syntheticResults({ modes: ['none', 'library', 'sidecar', 'native'] });
    const rows = readCsv(resultsCsv(headlinesOf(results), claimsOf(results))).filter(
      (row) => row.kind === 'headline' && (row.scenario === 'latency' || row.scenario === 'resources'),
    );
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row.id.startsWith(`${row.scenario}/${row.language}/${row.mode}/`), row.id).toBe(true);
  });

  it('quotes what a spreadsheet would split: commas, quotes and line breaks come back whole', () => {
    const awkward = 'ts/sidecar, "quoted" at 200 req/s\nsecond line';
    const headline: Headline = {
      key: 'latency/ts/sidecar/200/p50-added',
      group: 'g',
      label: awkward,
      unit: 'µs',
      estimate: { median: 1.5, low: 1, high: 2, n: 3, withinNoise: true },
      scenario: 'latency',
      lang: 'ts',
      mode: 'sidecar',
    };
    const [row] = readCsv(resultsCsv([headline], []));
    expect(row).toEqual({
      kind: 'headline',
      id: 'latency/ts/sidecar/200/p50-added',
      scenario: 'latency',
      label: awkward,
      language: 'ts',
      mode: 'sidecar',
      value: '1.5',
      unit: 'µs',
      interval_low: '1',
      interval_high: '2',
      verdict: 'within noise',
      figure: '',
    });
  });
});
