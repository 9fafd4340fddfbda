// The TypeScript gates: Biome checks the formatting and the lint rules of biome.jsonc; each finding names its file.
import type { Gate } from './gate.js';

export const BIOME = 'node_modules/.bin/biome';
// Every diagnostic is printed, one line each: "× path/file.ts:12:3: lint/group/rule: message" (× error, ! warning, i info).
const BIOME_FLAGS = ['--reporter=concise', '--max-diagnostics=none', '--colors=off'];
const diagnostic = /^[×!i] \S+\.ts(:\d+:\d+)?: /;

function diagnostics(output: string): string[] {
  return output.split('\n').filter((line) => diagnostic.test(line));
}

/** `paths` default to the whole repository; biome.jsonc picks the TypeScript files and .gitignore leaves out dist/ and the like. */
export function typeScriptGates(paths: readonly string[] = ['.']): Gate[] {
  return [
    {
      name: 'biome format',
      rule: 'biome format: every TypeScript file is formatted as biome.jsonc says (`npm run format` fixes it)',
      command: BIOME,
      args: ['format', ...BIOME_FLAGS, ...paths],
      cwd: '.',
      findings: (output) => diagnostics(output).map((line) => line.replace(/: format: .*$/, ': not formatted')),
    },
    {
      name: 'biome lint',
      rule: 'biome lint: the recommended rules and the exceptions named in biome.jsonc; each finding names its rule (lint/group/rule)',
      command: BIOME,
      args: ['lint', ...BIOME_FLAGS, '--error-on-warnings', ...paths],
      cwd: '.',
      // Biome exits 0 on findings it rates "info" (useLiteralKeys, useTemplate); the gate holds them to the same bar.
      findingsAreFailure: true,
      findings: diagnostics,
    },
  ];
}
