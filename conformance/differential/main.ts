// CLI of the differential test: `node dist/conformance/differential/main.js [--seed N] [--runs N] [--family id]`;
// prints each family's cases and every drift with its shrunk counterexample; exits 1 on a drift not on the known list.
import { randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stopAll } from '../../scripts/orchestration/processes.js';
import { availableImplementations, FAMILIES, runDifferential } from './suite.js';

const { values } = parseArgs({
  options: { seed: { type: 'string' }, runs: { type: 'string', default: '20' }, family: { type: 'string', multiple: true } },
});
const seed = values.seed !== undefined ? Number(values.seed) : randomInt(2 ** 31 - 1);
const families = FAMILIES.filter((family) => values.family === undefined || values.family.includes(family.id));
const { implementations, skipped } = await availableImplementations();
const runDir = mkdtempSync(join(tmpdir(), 'scl-differential-'));
console.log(
  `seed ${seed}, ${values.runs} runs per family, on ${implementations.map((one) => one.name).join(', ')}${skipped.length > 0 ? ` (no toolchain: ${skipped.join(', ')})` : ''}; files in ${runDir}`,
);
let unknown = 0;
try {
  await runDifferential({
    seed,
    numRuns: Number(values.runs),
    runDir,
    implementations,
    families,
    onFamily: (result) => {
      console.log(`\n${result.family}: ${result.casesTried} cases, ${result.casesDiffering} differing, ${result.seconds.toFixed(1)} s`);
      for (const drift of result.drifts) {
        console.log(
          `  ${drift.kind} [${drift.pairs.map((one) => `${one.pair}${one.known ? ' known' : ' NEW'}`).join(', ')}] ${drift.cases} case(s); shrunk: ${drift.input}`,
        );
        for (const [name, observed] of Object.entries(drift.sides))
          console.log(`    ${name}: ${JSON.stringify(observed.facts)}${observed.detail !== undefined ? ` ${observed.detail}` : ''}`);
        unknown += drift.pairs.filter((one) => !one.known).length;
      }
    },
  });
} finally {
  await stopAll({ signal: 'SIGKILL' });
}
process.exitCode = unknown > 0 ? 1 : 0;
