// CLI of the conformance suite: `npm run conformance -- --lang ts --mode library`. Only wiring; see run.ts.
import { writeFileSync } from 'node:fs';
import { isHarnessError } from '../../scripts/orchestration/errors.js';
import { knownLanguages } from '../../scripts/orchestration/languages.js';
import { stopAll } from '../../scripts/orchestration/processes.js';
import { parseFlags, USAGE } from './flags.js';
import { formatCell, summaryLine, toJson } from './report.js';
import { runConformance } from './run.js';
import { loadVectors } from './vector.js';

async function main(argv: readonly string[]): Promise<number> {
  const vectors = loadVectors();
  const options = parseFlags(argv, knownLanguages(), new Set(vectors.map(({ vector }) => vector.id)));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const run = await runConformance({
    langs: options.langs,
    modes: options.modes,
    vectors,
    vectorIds: options.vectorIds,
    runRoot: options.runRoot,
    build: options.build,
    keepRunDirs: options.keepRunDirs,
    onSkip: (_lang, reason) => console.log(reason),
    onCell: (report) => console.log(formatCell(report)),
  });
  if (run.reports.length > 1) console.log(`\n${run.reports.map(summaryLine).join('\n')}`);
  if (run.keptFiles) console.log(`files of the vectors: ${run.runRoot}`);
  if (options.jsonFile !== undefined) writeFileSync(options.jsonFile, `${JSON.stringify(toJson(run.reports, run.skipped), null, 2)}\n`);
  return run.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    await stopAll();
    console.error(isHarnessError(error) ? error.message : error);
    process.exitCode = isHarnessError(error, 'SCL_ERR_BAD_FLAG') ? 2 : 1;
  },
);
