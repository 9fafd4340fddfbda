// The bench command: parse options, run, say where the report is. Everything else lives in functions.
import { join } from 'node:path';
import { SCENARIOS } from '../registry.js';
import { parseBenchArgs, UsageError, usage } from './options.js';
import { runBench } from './run.js';

try {
  const options = parseBenchArgs(process.argv.slice(2), SCENARIOS);
  if (options === 'help') {
    process.stdout.write(`${usage(SCENARIOS)}\n`);
  } else {
    const { runDir, results } = await runBench(options, SCENARIOS);
    process.stdout.write(`\n${results.status}: ${join(runDir, 'index.html')}\nall runs: ${join(options.outDir, 'index.html')}\n`);
    process.exitCode = results.status === 'complete' ? 0 : 1;
  }
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.code}: ${error.message}\n\n${usage(SCENARIOS)}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
