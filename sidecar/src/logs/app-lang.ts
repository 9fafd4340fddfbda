// The app's language for the scl.lang log attribute, when --app-lang is not given: guessed from its executable.
import { open, readlink } from 'node:fs/promises';
import { basename } from 'node:path';

const BY_EXECUTABLE: ReadonlyArray<[RegExp, string]> = [
  [/^node(js)?$/, 'ts'],
  [/^python[0-9.]*$/, 'python'],
  [/^java$/, 'java'],
];
/** The ELF note Go's linker puts near the start of every binary: type 4, name "Go\0\0" (the build id). */
const GO_BUILD_ID_NOTE = Buffer.from([4, 0, 0, 0, 0x47, 0x6f, 0, 0]);
const HEAD_BYTES = 16 * 1024;

/**
 * `node` -> ts (the workbench's JavaScript apps are TypeScript), `python3.12` -> python, `java`
 * -> java, a binary carrying Go's build-id note -> go; else `unknown`.
 */
export async function guessAppLang(pid: number | undefined): Promise<string> {
  if (pid === undefined) return 'unknown';
  const executable = await readlink(`/proc/${pid}/exe`).catch(() => '');
  for (const [pattern, lang] of BY_EXECUTABLE) if (pattern.test(basename(executable))) return lang;
  return (await isGoBinary(`/proc/${pid}/exe`)) ? 'go' : 'unknown';
}

async function isGoBinary(path: string): Promise<boolean> {
  const file = await open(path, 'r').catch(() => undefined);
  if (file === undefined) return false;
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(head, 0, HEAD_BYTES, 0);
    return head.subarray(0, bytesRead).includes(GO_BUILD_ID_NOTE);
  } finally {
    await file.close();
  }
}
