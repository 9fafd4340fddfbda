// The text of `npm run workshop` with no exercise or --help: every exercise, its question and the bench run behind it.
import { PASS_THROUGH_FLAGS, benchArgsOf } from './bench-args.js';
import { EXERCISES } from './exercises.js';

/** What the flags that take a value take. */
const FLAG_VALUES: Partial<Record<(typeof PASS_THROUGH_FLAGS)[number], string>> = { '--out': '<folder>', '--live-port': '<n>' };

export function workshopUsage(): string {
  const width = Math.max(...EXERCISES.map((exercise) => exercise.name.length));
  const lines = EXERCISES.map((exercise) =>
    [
      `  ${exercise.name.padEnd(width)}  ${exercise.question}`,
      `  ${''.padEnd(width)}  claims ${exercise.claims.join(', ')}; runs npm run bench -- ${benchArgsOf(exercise).join(' ')}`,
      ...(exercise.tierReason === undefined ? [] : [`  ${''.padEnd(width)}  ${exercise.tier} tier: ${exercise.tierReason}`]),
      ...(exercise.smokeForm === undefined
        ? []
        : [
            `  ${''.padEnd(width)}  its smoke form runs --langs ${exercise.smokeForm.langs.join(',')}: it leaves out ${exercise.smokeForm.leavesOut}`,
          ]),
    ].join('\n'),
  );
  const flags = PASS_THROUGH_FLAGS.map((flag) => `[${flag}${FLAG_VALUES[flag] === undefined ? '' : ` ${FLAG_VALUES[flag]}`}]`);
  return `usage: npm run workshop -- <exercise> ${flags.join(' ')}

Each exercise is one bench run; its report opens at the section that answers it. The questions and what to
predict first are in workshop/exercises/<exercise>.md; the facilitator's guide is workshop/README.md.

${lines.join('\n\n')}

  --smoke  the exercise's smoke form: tiny windows that prove the machinery (figures not to be quoted); npm test runs it`;
}
