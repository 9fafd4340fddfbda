// `npm run report -- <results.json>`: rebuilds the run's HTML (and the list of runs) from the JSON alone.
import { dirname, resolve } from 'node:path';
import { readResults } from '../results/writer.js';
import { validateResults } from '../results/validate.js';
import { writeRunReport, writeRunsIndex } from './write.js';

const path = process.argv[2];
if (path === undefined || path === '--help') {
  process.stderr.write('usage: npm run report -- <reports/<run-id>/results.json>\n');
  process.exit(path === undefined ? 2 : 0);
}
const resultsPath = resolve(path);
let results;
try {
  results = await readResults(resultsPath);
} catch (error) {
  process.stderr.write(`cannot read ${resultsPath}: ${(error as Error).message}\n`);
  process.exit(1);
}
const problems = validateResults(results);
if (problems.length > 0) process.stderr.write(`warning: ${resultsPath} does not match spec/results.schema.json:\n  ${problems.join('\n  ')}\n`);
const runDir = dirname(resultsPath);
const htmlPath = await writeRunReport(results, runDir);
await writeRunsIndex(dirname(runDir));
process.stdout.write(`${htmlPath}\n`);
