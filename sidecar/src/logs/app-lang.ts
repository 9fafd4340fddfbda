// The app's language for the scl.lang log attribute, when --app-lang is not given: guessed from its executable.
import { readlink } from 'node:fs/promises';
import { basename } from 'node:path';

const BY_EXECUTABLE: ReadonlyArray<[RegExp, string]> = [
  [/^node(js)?$/, 'ts'],
  [/^python[0-9.]*$/, 'python'],
  [/^java$/, 'java'],
];

/** `node` -> ts (the workbench's JavaScript apps are TypeScript), `python3.12` -> python; else `unknown`. */
export async function guessAppLang(pid: number | undefined): Promise<string> {
  if (pid === undefined) return 'unknown';
  const executable = basename(await readlink(`/proc/${pid}/exe`).catch(() => ''));
  for (const [pattern, lang] of BY_EXECUTABLE) if (pattern.test(executable)) return lang;
  return 'unknown';
}
