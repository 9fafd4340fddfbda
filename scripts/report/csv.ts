// results.csv: a run's headline figures and verdicts, one row each, for a spreadsheet (quoting by csv-stringify).
import { stringify } from 'csv-stringify/sync';
import type { ClaimRow } from './claims.js';
import type { Headline } from './headlines.js';

/** The columns, in order; `figure` names what a verdict's value is (its rule's deciding figure). */
export const CSV_COLUMNS = [
  'kind',
  'id',
  'scenario',
  'label',
  'language',
  'mode',
  'value',
  'unit',
  'interval_low',
  'interval_high',
  'verdict',
  'figure',
] as const;

type CsvRow = Record<(typeof CSV_COLUMNS)[number], string | number | null>;

function headlineRow(headline: Headline): CsvRow {
  return {
    kind: 'headline',
    id: headline.key,
    scenario: headline.scenario ?? null,
    label: headline.label,
    language: headline.lang ?? null,
    mode: headline.mode ?? null,
    value: headline.estimate.median,
    unit: headline.unit,
    interval_low: headline.estimate.low,
    interval_high: headline.estimate.high,
    // A headline is a figure, not a verdict; a difference whose interval spans zero is said so here.
    verdict: headline.estimate.withinNoise === true ? 'within noise' : null,
    figure: null,
  };
}

function verdictRow(row: ClaimRow): CsvRow {
  // The figure is left empty when the rule named none, or when its verdict is "not measured" (a gated figure is no figure).
  const figure = row.verdict === 'not measured' ? undefined : row.deciding;
  return {
    kind: 'verdict',
    id: row.id,
    scenario: row.scenario,
    label: row.statement,
    language: null,
    mode: null,
    value: figure?.value ?? null,
    unit: figure?.unit ?? null,
    interval_low: figure?.interval?.low ?? null,
    interval_high: figure?.interval?.high ?? null,
    verdict: row.verdict,
    figure: figure?.label ?? null,
  };
}

/** One row per headline figure, then one per claim of the catalogue, with a header line. */
export function resultsCsv(headlines: readonly Headline[], claims: readonly ClaimRow[]): string {
  const rows = [...headlines.map(headlineRow), ...claims.map(verdictRow)];
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS] });
}
