// Every exercise is a valid bench run: its flags go through the bench's own parser, its claims are decided by its
// scenarios, its page exists; and the command lists the exercises, and refuses an unknown one or a flag that is not its.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/options.js';
import { REPO_ROOT } from '../../paths.js';
import { SCENARIOS } from '../../registry.js';
import type { BenchOptions } from '../../results/types.js';
import { benchArgsOf, WorkshopUsageError } from '../bench-args.js';
import { EXERCISES } from '../exercises.js';

const EXERCISES_DIR = join(REPO_ROOT, 'workshop', 'exercises');
const MAIN = join(REPO_ROOT, 'dist', 'scripts', 'workshop', 'main.js');

function parsed(args: readonly string[]): BenchOptions {
  const options = parseBenchArgs(args, SCENARIOS);
  if (options === 'help') throw new Error('the bench read --help');
  return options;
}

describe('the workshop exercises', () => {
  for (const exercise of EXERCISES) {
    it(`${exercise.name}: parses into the bench options it says, in its tier and in its smoke form`, () => {
      const options = parsed(benchArgsOf(exercise));
      expect(options.scenarios).toEqual(exercise.scenarios);
      expect(options.scenariosGiven).toBe(true);
      expect(options.tier).toBe(exercise.tier);
      if (exercise.langs !== undefined) expect(options.langs).toEqual(exercise.langs);
      if (exercise.modes !== undefined) expect(options.modes).toEqual(exercise.modes);
      if (exercise.topologies !== undefined) expect(options.topologies).toEqual(exercise.topologies);
      const smoke = parsed(benchArgsOf(exercise, ['--smoke', '--no-build', '--out', '/tmp/elsewhere']));
      expect(smoke).toMatchObject({ tier: 'smoke', scenarios: options.scenarios, build: false, outDir: '/tmp/elsewhere' });
      // The smoke form is the same run, on fewer languages only when the exercise says so (smokeForm).
      if (exercise.smokeForm !== undefined) expect(smoke).toMatchObject({ langs: exercise.smokeForm.langs, langsGiven: true });
      else expect(smoke.langsGiven).toBe(exercise.langs !== undefined);
    });

    it(`${exercise.name}: every claim it names is decided by one of its scenarios, and its page exists`, () => {
      const decided = SCENARIOS.filter((scenario) => exercise.scenarios.includes(scenario.id)).flatMap((scenario) =>
        (scenario.claims ?? []).map((rule) => rule.id),
      );
      for (const claim of exercise.claims) expect(decided, `${exercise.name} names ${claim}`).toContain(claim);
      expect(existsSync(join(EXERCISES_DIR, `${exercise.name}.md`))).toBe(true);
    });
  }

  it('every page in workshop/exercises/ is an exercise', () => {
    const pages = readdirSync(EXERCISES_DIR)
      .filter((file) => file.endsWith('.md'))
      .map((file) => file.slice(0, -'.md'.length));
    expect(pages.sort()).toEqual(EXERCISES.map((exercise) => exercise.name).sort());
  });

  it('covers the seven the guide promises: hop, memory, agent, drift, crash, upgrade, retries', () => {
    expect(EXERCISES.map((exercise) => exercise.name)).toEqual(
      expect.arrayContaining(['extra-hop', 'memory-per-instance', 'agent', 'drift', 'feature-crash', 'upgrade', 'retries']),
    );
  });

  it('the guide lists every exercise in its table', () => {
    const guide = readFileSync(join(REPO_ROOT, 'workshop', 'README.md'), 'utf8');
    for (const exercise of EXERCISES) expect(guide).toContain(`| [${exercise.name}](exercises/${exercise.name}.md) |`);
  });

  it('refuses a flag that would change what an exercise measures', () => {
    expect(() => benchArgsOf(EXERCISES[0]!, ['--scenario', 'latency'])).toThrow(WorkshopUsageError);
    expect(() => benchArgsOf(EXERCISES[0]!, ['--full'])).toThrow(
      /an exercise takes only --smoke, --no-build, --no-pin, --live, --out, --live-port/,
    );
  });

  it('passes the live view through, so the room can watch an exercise run', () => {
    expect(benchArgsOf(EXERCISES[0]!, ['--live', '--live-port', '7777'])).toEqual(
      expect.arrayContaining(['--live', '--live-port', '7777']),
    );
  });
});

describe('npm run workshop', () => {
  it('with no exercise, or --help, lists every exercise and exits 0', async () => {
    for (const args of [[], ['--help']]) {
      const run = await execa('node', [MAIN, ...args], { reject: false, all: true });
      expect(run.exitCode, String(run.all)).toBe(0);
      for (const exercise of EXERCISES) expect(run.stdout).toContain(`  ${exercise.name}  `.trimEnd());
      expect(run.stdout).toContain('<exercise> [--smoke] [--no-build] [--no-pin] [--live] [--out <folder>] [--live-port <n>]\n');
    }
  });

  it('an unknown exercise is a clear error naming the exercises, exit 2, and nothing runs', async () => {
    const run = await execa('node', [MAIN, 'no-such-exercise'], { reject: false, all: true });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      `SCL_ERR_BAD_EXERCISE: unknown exercise "no-such-exercise"; the exercises are ${EXERCISES.map((exercise) => exercise.name).join(', ')}`,
    );
    expect(run.stderr).not.toMatch(/^run \d/m);
  });
});
