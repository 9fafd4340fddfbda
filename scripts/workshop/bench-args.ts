// Turns an exercise into the bench's own command line, so the bench's parser validates it and the bench's entry runs it.
import type { Exercise } from './exercises.js';

/** Flags a participant may add to an exercise: they change where and how it runs, never what it measures. */
export const PASS_THROUGH_FLAGS = ['--smoke', '--no-build', '--no-pin', '--live', '--out', '--live-port'] as const;

export class WorkshopUsageError extends Error {
  readonly code = 'SCL_ERR_BAD_EXERCISE';
}

/**
 * The exercise's flags, then the participant's: `--smoke` replaces the exercise's tier (the smoke form npm test runs)
 * and, for an exercise with a `smokeForm`, its languages; `--out <folder>`, `--no-build`, `--no-pin`, `--live` and
 * `--live-port <n>` (the room watches the run) go through as they are. Anything else would change the experiment:
 * that is a plain `npm run bench`.
 */
export function benchArgsOf(exercise: Exercise, extra: readonly string[] = []): string[] {
  const smoke = extra.includes('--smoke');
  const passed: string[] = [];
  for (let index = 0; index < extra.length; index++) {
    const flag = extra[index]!;
    if (flag === '--smoke') continue;
    if (flag === '--no-build' || flag === '--no-pin' || flag === '--live') passed.push(flag);
    else if ((flag === '--out' || flag === '--live-port') && extra[index + 1] !== undefined) passed.push(flag, extra[++index]!);
    else if (flag.startsWith('--out=') || flag.startsWith('--live-port=')) passed.push(flag);
    else
      throw new WorkshopUsageError(
        `${flag}: an exercise takes only ${PASS_THROUGH_FLAGS.join(', ')}; for other runs use npm run bench -- --help`,
      );
  }
  const list = (flag: string, values: readonly string[] | undefined) => (values === undefined ? [] : [flag, values.join(',')]);
  return [
    ...list('--scenario', exercise.scenarios),
    ...list('--langs', smoke ? (exercise.smokeForm?.langs ?? exercise.langs) : exercise.langs),
    ...list('--modes', exercise.modes),
    ...list('--topology', exercise.topologies),
    `--${smoke ? 'smoke' : exercise.tier}`,
    ...passed,
  ];
}
