// Command-line flags of the conformance CLI, validated; a bad flag is SCL_ERR_BAD_FLAG with the valid values.
import { parseArgs } from 'node:util';
import { HarnessError } from '../../scripts/orchestration/errors.js';
import { CONFORMANCE_MODES, FEATURE_MODES, MODES, type Mode } from '../../scripts/orchestration/instance.js';

export interface CliOptions {
  langs: string[];
  modes: Mode[];
  vectorIds: string[];
  jsonFile?: string;
  runRoot?: string;
  keepRunDirs: boolean;
  build: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run conformance -- [--lang ts] [--mode library] [--vector <id>] [--json <file>]
  --lang <lang>      language(s) to run, repeatable or comma-separated (default: every services/<lang>/launch.json)
  --mode <mode>      none, library, sidecar, agent; repeatable or comma-separated (default: the first three)
  --vector <id>      run only these vectors, repeatable or comma-separated
  --json <file>      write the results as JSON
  --run-dir <dir>    where each vector's logs go (default: a fresh folder under the OS temp dir)
  --keep             keep the files of passing vectors too
  --no-build         do not run the language's build first (dist/ must be current)
  --help             print this`;

/** Parses argv; `knownLangs` and `knownVectorIds` are the valid values of --lang and --vector. */
export function parseFlags(argv: readonly string[], knownLangs: readonly string[], knownVectorIds: ReadonlySet<string>): CliOptions {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        lang: { type: 'string', multiple: true },
        mode: { type: 'string', multiple: true },
        vector: { type: 'string', multiple: true },
        json: { type: 'string' },
        'run-dir': { type: 'string' },
        keep: { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new HarnessError('SCL_ERR_BAD_FLAG', `${(error as Error).message}\n${USAGE}`);
  }
  const list = (name: string) =>
    ((values[name] as string[] | undefined) ?? [])
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter(Boolean);
  const langs = list('lang');
  const modes = list('mode');
  const vectorIds = list('vector');
  for (const lang of langs) {
    if (!knownLangs.includes(lang))
      throw new HarnessError(
        'SCL_ERR_BAD_FLAG',
        `--lang ${lang} is not a language with services/<lang>/launch.json; valid: ${knownLangs.join(', ') || '(none yet)'}`,
      );
  }
  for (const mode of modes) {
    if (!(MODES as readonly string[]).includes(mode))
      throw new HarnessError('SCL_ERR_BAD_FLAG', `--mode ${mode} is not a mode; valid: ${CONFORMANCE_MODES.join(', ')}`);
    // Mode native is HAProxy in front of a mode-none app: it has no feature for a vector to check.
    if (!(CONFORMANCE_MODES as readonly string[]).includes(mode))
      throw new HarnessError(
        'SCL_ERR_BAD_FLAG',
        `--mode ${mode} has no features: conformance does not apply to it; valid: ${CONFORMANCE_MODES.join(', ')}`,
      );
  }
  for (const id of vectorIds) {
    if (!knownVectorIds.has(id))
      throw new HarnessError('SCL_ERR_BAD_FLAG', `--vector ${id} names no vector; valid: ${[...knownVectorIds].join(', ')}`);
  }
  return {
    langs: langs.length > 0 ? langs : [...knownLangs],
    modes: modes.length > 0 ? (modes as Mode[]) : [...FEATURE_MODES],
    vectorIds,
    jsonFile: values.json as string | undefined,
    runRoot: values['run-dir'] as string | undefined,
    keepRunDirs: values.keep === true,
    build: values['no-build'] !== true,
    help: values.help === true,
  };
}
