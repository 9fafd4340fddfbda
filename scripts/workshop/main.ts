// The workshop command: an exercise's name in, the bench run for it, and the report's address at the answering section.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SCENARIOS } from '../registry.js';
import { parseBenchArgs, UsageError } from '../bench/options.js';
import { runBench } from '../bench/run.js';
import { benchArgsOf, WorkshopUsageError } from './bench-args.js';
import { EXERCISES, findExercise } from './exercises.js';
import { workshopUsage } from './usage.js';

const [name, ...extra] = process.argv.slice(2);
try {
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(`${workshopUsage()}\n`);
  } else {
    const exercise = findExercise(name);
    if (exercise === undefined)
      throw new WorkshopUsageError(`unknown exercise "${name}"; the exercises are ${EXERCISES.map((one) => one.name).join(', ')}`);
    const args = benchArgsOf(exercise, extra);
    process.stderr.write(`workshop ${exercise.name}: npm run bench -- ${args.join(' ')}\n`);
    // The bench's own parser and run: the workshop adds no launcher of its own.
    const options = parseBenchArgs(args, SCENARIOS);
    if (options === 'help') throw new WorkshopUsageError('--help is not an exercise flag');
    const { runDir, results } = await runBench(options, SCENARIOS);
    const report = pathToFileURL(join(runDir, 'index.html')).href;
    process.stdout.write(`\n${results.status}: ${report}#${exercise.anchor}\n`);
    for (const anchor of exercise.alsoSee ?? []) process.stdout.write(`also: ${report}#${anchor}\n`);
    process.stdout.write(`the exercise: ${join('workshop', 'exercises', `${exercise.name}.md`)}\n`);
    process.exitCode = results.status === 'complete' ? 0 : 1;
  }
} catch (error) {
  if (error instanceof WorkshopUsageError || error instanceof UsageError) {
    process.stderr.write(`${error.code}: ${error.message}\nnpm run workshop -- --help lists the exercises and their flags\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
