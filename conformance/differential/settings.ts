// Input family `settings`: one SCL_<FEATURE>_<SETTING> override (spec/start-contract.md) in an adversary's number
// format, given to an app (library mode) or to the sidecar at start; observed: it starts, or it exits with an error.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import spec from '../../spec/features.json' with { type: 'json' };
import { settingEnvName } from '../../library/ts/src/settings.js';
import { readLaunch } from '../../scripts/orchestration/languages.js';
import { repoRoot } from '../../scripts/orchestration/paths.js';
import { freePort, releasePort } from '../../scripts/orchestration/ports.js';
import { spawnProcess, stop, type ManagedProcess } from '../../scripts/orchestration/processes.js';
import { delay } from '../../scripts/orchestration/ready.js';
import { appLaunch, instancePorts, recipePorts, sidecarLaunch, type InstanceRecipe } from '../../scripts/orchestration/recipe.js';
import type { Family, FamilyEnvironment, Implementation, Observation, Session } from './family.js';

/** A process that neither answers HTTP nor exits within this long is reported as hung. */
const DECISION_TIMEOUT_MS = 20_000;
const POLL_MS = 40;

export interface SettingCase {
  key: string;
  kind: string;
  raw: string;
}

const KEYS = Object.keys(spec.settings);
const digits = fc.integer({ min: 0, max: 99_999 });

/** Each kind is a way an operator (or an adversary) may write a number in an environment variable. */
const VALUE_KINDS: Record<string, fc.Arbitrary<string>> = {
  decimal: digits.map(String),
  fraction: fc.tuple(digits, fc.integer({ min: 0, max: 999 })).map(([whole, part]) => `${whole}.${part}`),
  'zero-fraction': digits.map((n) => `${n}.0`),
  exponent: fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: -3, max: 5 })).map(([m, e]) => `${m}e${e}`),
  hex: fc.integer({ min: 0, max: 4095 }).map((n) => `0x${n.toString(16)}`),
  'binary-octal': fc
    .tuple(fc.constantFrom('0b', '0o', '0B', '0O'), fc.integer({ min: 0, max: 7 }))
    .map(([prefix, n]) => `${prefix}${n.toString(prefix.toLowerCase() === '0b' ? 2 : 8)}`),
  'leading-zeros': digits.map((n) => `00${n}`),
  'plus-sign': digits.map((n) => `+${n}`),
  negative: fc.integer({ min: 1, max: 99_999 }).map((n) => `-${n}`),
  huge: fc.constantFrom('9007199254740993', '1e400', '123456789012345678901234567890', '-1e400'),
  'not-finite': fc.constantFrom('NaN', 'nan', 'Infinity', '-Infinity', 'inf', 'Inf'),
  'ascii-space': fc.tuple(fc.constantFrom(' ', '  ', '\t'), digits).map(([pad, n]) => `${pad}${n}${pad}`),
  'unicode-space': fc.tuple(fc.constantFrom('\u00a0', '\u2003', '\u3000'), digits).map(([pad, n]) => `${pad}${n}`),
  empty: fc.constantFrom('', ' ', '   '),
  underscore: fc.integer({ min: 1, max: 99 }).map((n) => `${n}_000`),
  'unicode-digit': fc.constantFrom('５', '٣', '१', '1٫5', '³'),
  'trailing-unit': fc.tuple(digits, fc.constantFrom('s', 'ms', ' seconds', '%')).map(([n, unit]) => `${n}${unit}`),
  'dot-edge': fc.constantFrom('.5', '5.', '-.5', '.', '-', '+', 'e5', '1e', '1.5e+2'),
};

export const settingCase: fc.Arbitrary<SettingCase> = fc.oneof(
  ...Object.entries(VALUE_KINDS).map(([kind, raw]) => fc.record({ key: fc.constantFrom(...KEYS), kind: fc.constant(kind), raw })),
);

/** The SCL_ERR_ code on the process's output, and the line it is on. */
function errorLine(child: ManagedProcess): { code: string | null; line: string | null } {
  const line =
    child
      .tail()
      .split('\n')
      .find((one) => /SCL_ERR_[A-Z_]+/.test(one)) ?? null;
  return { code: line?.match(/SCL_ERR_[A-Z_]+/)?.[0] ?? null, line };
}

/** Started (its listener answers HTTP, whatever the status) or refused (it exited): the first to happen. */
async function decide(child: ManagedProcess, url: string, variable: string): Promise<Observation> {
  const deadline = Date.now() + DECISION_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitInfo !== undefined) {
      await delay(100); // the last lines of output reach the tail just after the exit
      const { code, line } = errorLine(child);
      return {
        facts: { outcome: 'refused', exitCode: child.exitInfo.exitCode ?? null, code, namesVariable: line?.includes(variable) ?? false },
        ...(line !== null ? { detail: line.trim() } : {}),
      };
    }
    try {
      await (await fetch(url, { signal: AbortSignal.timeout(1000) })).arrayBuffer();
      return { facts: { outcome: 'started' } };
    } catch {
      await delay(POLL_MS);
    }
  }
  return { facts: { outcome: 'hung' } };
}

async function startSession(implementation: Implementation, environment: FamilyEnvironment): Promise<Session<SettingCase>> {
  const launch = await readLaunch(implementation.lang);
  const root = repoRoot();
  let count = 0;
  return {
    async observe(input) {
      const variable = settingEnvName(input.key);
      const instanceId = `customers-${++count}`;
      const dir = join(environment.runDir, `settings-${implementation.name}`, instanceId);
      const ports = await instancePorts(implementation.mode, freePort);
      const recipe: InstanceRecipe = {
        lang: implementation.lang,
        service: 'customers',
        mode: implementation.mode,
        instanceId,
        controlplaneUrl: environment.controlplaneUrl,
        dir,
        ...ports,
        env: { [variable]: input.raw },
      };
      mkdirSync(join(dir, 'data'), { recursive: true });
      // The sidecar is started alone: it reads its settings before it looks for the app.
      const launched = implementation.mode === 'sidecar' ? sidecarLaunch(recipe, { root }) : appLaunch(recipe, launch.start, root);
      const child = spawnProcess({ name: `${implementation.name} ${variable}`, ...launched, logFile: join(dir, 'out.log') });
      const url =
        implementation.mode === 'sidecar'
          ? `http://127.0.0.1:${ports.sidecarPorts?.admin}/ready`
          : `http://127.0.0.1:${ports.publicPort}/health`;
      try {
        return await decide(child, url, variable);
      } finally {
        await stop(child, { signal: 'SIGKILL' });
        recipePorts(recipe).forEach(releasePort);
      }
    },
    async stop() {},
  };
}

export const settingsFamily: Family<SettingCase> = {
  id: 'settings',
  entryPoint: 'an SCL_<FEATURE>_<SETTING> variable at start (spec/start-contract.md): the app in library mode, the sidecar alone',
  arbitrary: settingCase,
  kindOf: (input) => input.kind,
  show: (input) => `${settingEnvName(input.key)}=${JSON.stringify(input.raw)}`,
  start: startSession,
};
