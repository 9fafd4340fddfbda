// The toolchains the gates need: which are installed (a missing one skips its gates, said aloud), and the pinned Go linter.
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { fromRoot } from '../orchestration/paths.js';

export type Availability = { available: true } | { available: false; reason: string };

/** staticcheck's release for Go 1.26 (staticcheck 2026.2.x); installed into .cache/, not onto the machine. */
export const STATICCHECK_VERSION = 'v0.8.2';
export const GO_TOOLS_DIR = '.cache/go/tools';

async function succeeds(command: string, args: string[]): Promise<boolean> {
  const run = await execa(command, args, { cwd: fromRoot(), reject: false, stdin: 'ignore', timeout: 30_000 });
  return run.exitCode === 0;
}

export async function goAvailable(): Promise<Availability> {
  return (await succeeds('go', ['version']))
    ? { available: true }
    : { available: false, reason: 'SCL_ERR_TOOLCHAIN_MISSING: `go version` failed; install Go 1.26 to run the Go gates' };
}

/** Biome is a devDependency: `npm ci` installs it with the platform's binary. */
export function biomeAvailable(binary: string): Availability {
  return existsSync(fromRoot(binary))
    ? { available: true }
    : { available: false, reason: `SCL_ERR_TOOLCHAIN_MISSING: ${binary} not found; \`npm ci\` installs it` };
}

/** The venv comes from `npm run build:langs` (scripts/setup/python.sh); the gates use its pinned tools. */
export async function pythonAvailable(): Promise<Availability> {
  if (!(await succeeds('python3', ['-c', 'import sys; sys.exit(sys.version_info < (3, 11))']))) {
    return { available: false, reason: 'SCL_ERR_TOOLCHAIN_MISSING: python3 >= 3.11 not found; the Python gates are skipped' };
  }
  const setup = await execa('bash', ['scripts/setup/python.sh'], { cwd: fromRoot(), reject: false, all: true, stdin: 'ignore' });
  if (setup.exitCode !== 0) return { available: false, reason: `scripts/setup/python.sh failed:\n${String(setup.all)}` };
  return { available: true };
}

/** Installs staticcheck at STATICCHECK_VERSION into .cache/go/tools unless that version is already there. */
export async function ensureStaticcheck(): Promise<string> {
  const binary = fromRoot(GO_TOOLS_DIR, 'staticcheck');
  const wanted = `(${STATICCHECK_VERSION.slice(1)})`;
  if (existsSync(binary)) {
    const version = await execa(binary, ['-version'], { reject: false, stdin: 'ignore' });
    if (String(version.stdout).includes(wanted)) return binary;
  }
  console.log(`gates: installing staticcheck ${STATICCHECK_VERSION} into ${GO_TOOLS_DIR} (once per clone)`);
  await execa('go', ['install', `honnef.co/go/tools/cmd/staticcheck@${STATICCHECK_VERSION}`], {
    cwd: fromRoot(),
    env: { GOBIN: fromRoot(GO_TOOLS_DIR) },
    stdio: 'inherit',
  });
  return binary;
}
