// `npm run report -- <results.json>`: rebuilds the run's HTML (and the list of runs) from the JSON alone.
// `npm run report -- --compare a.json b.json [c.json ...]`: the headline figures and verdicts of runs side by side, with their spread.
import { parseArgs } from 'node:util';
import { basename, dirname, join, resolve } from 'node:path';
import type { RunResults } from '../results/types.js';
import { readResults, writeAtomically } from '../results/writer.js';
import { validateResults } from '../results/validate.js';
import { SCENARIOS } from '../registry.js';
import { analyseRun } from './analysed-run.js';
import { evaluateClaims } from './claims-table.js';
import { writeRunReport, writeRunsIndex } from './write.js';
import { renderPage } from './page.js';
import { compareText, renderCompareBody, type RunHeadlines } from './sections/headlines.js';

const USAGE = `usage: npm run report -- <reports/<run-id>/results.json>
       npm run report -- --compare <a/results.json> <b/results.json> [<c/results.json> ...] [--out <file.html>]
         (the comparison goes to <folder of the last>/compare-<first>.html unless --out says where; a text summary is printed)`;

/** Reads and validates a results file; an invalid one is refused with the JSON path of each problem (exit 1). */
async function load(path: string): Promise<RunHeadlines> {
  const resultsPath = resolve(path);
  let results: RunResults;
  try {
    results = await readResults(resultsPath);
  } catch (error) {
    process.stderr.write(`cannot read ${resultsPath}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const problems = validateResults(results, SCENARIOS);
  if (problems.length > 0) {
    process.stderr.write(
      `SCL_ERR_RESULTS_INVALID: ${resultsPath} does not match the results schema (spec/results.schema.json and each scenario's data.schema.json):\n  ${problems.join('\n  ')}\n`,
    );
    process.exit(1);
  }
  const analysed = analyseRun(results, SCENARIOS);
  return {
    results,
    headlines: analysed.headlines,
    verdicts: evaluateClaims(analysed, SCENARIOS).map((row) => ({ id: row.id, verdict: row.verdict })),
  };
}

/** The flags and files given; a flag parseArgs refuses ends the run with exit 2 and the usage. */
function parseFlags() {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { compare: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    process.stderr.write(`SCL_ERR_BAD_FLAG: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}
const { values, positionals } = parseFlags();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
} else if (values.compare) {
  if (positionals.length < 2) {
    process.stderr.write(`SCL_ERR_BAD_FLAG: --compare takes two results.json files or more, got ${positionals.length}\n${USAGE}\n`);
    process.exit(2);
  }
  const runs = [];
  for (const path of positionals) runs.push(await load(path));
  const [first, last] = [positionals[0]!, positionals.at(-1)!];
  const out =
    values.out === undefined ? join(dirname(resolve(last)), `compare-${basename(dirname(resolve(first)))}.html`) : resolve(values.out);
  await writeAtomically(out, renderPage(`sidecar-lab: ${runs.map((run) => run.results.runId).join(', ')}`, renderCompareBody(runs)));
  process.stdout.write(`${compareText(runs)}\n${out}\n`);
} else if (positionals.length === 1) {
  const resultsPath = resolve(positionals[0]!);
  const { results } = await load(resultsPath);
  const runDir = dirname(resultsPath);
  const htmlPath = await writeRunReport(results, runDir, SCENARIOS);
  await writeRunsIndex(dirname(runDir), SCENARIOS);
  process.stdout.write(`${htmlPath}\n`);
} else {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
