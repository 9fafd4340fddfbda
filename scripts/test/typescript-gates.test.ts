// The TypeScript gates run the real Biome on small files: each fails naming the file (and the rule), and passes on clean code.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGate } from '../gates/gate.js';
import { typeScriptGates } from '../gates/typescript-gates.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'scl-ts-gates-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function gatesOn(name: string, source: string) {
  const file = join(folder, name);
  await writeFile(file, source);
  const [format, lint] = typeScriptGates([file]);
  return { file, format: await runGate(format!), lint: await runGate(lint!) };
}

describe('TypeScript gates', () => {
  it('pass on a file formatted and linted as biome.jsonc says', async () => {
    const { format, lint } = await gatesOn('clean.ts', "export const greeting = 'hello';\n");
    expect({ format: format.passed, lint: lint.passed }).toEqual({ format: true, lint: true });
  });

  it('biome format fails on an unformatted file and names it', async () => {
    const { file, format } = await gatesOn('unformatted.ts', 'export const point = {x:1,y:2}\n');
    expect(format.passed).toBe(false);
    expect(format.findings).toEqual([`× ${file}: not formatted`]);
  });

  it('biome lint fails on a finding Biome only rates "info" and names the file, line and rule', async () => {
    const source = "const record: Record<string, number> = { a: 1 };\nexport const a = record['a'];\n";
    const { file, lint } = await gatesOn('info.ts', source);
    expect(lint.passed).toBe(false);
    expect(lint.findings).toHaveLength(1);
    expect(lint.findings[0]).toMatch(new RegExp(`^i ${file}:2:\\d+: lint/complexity/useLiteralKeys: `));
  });

  it('biome lint fails on an error and names its rule', async () => {
    const { lint } = await gatesOn(
      'error.ts',
      'export function total(values: number[]): number {\n  let sum;\n  sum = 0;\n  for (const value of values) sum += value;\n  return sum;\n}\n',
    );
    expect(lint.passed).toBe(false);
    expect(lint.findings.join('\n')).toContain('lint/suspicious/noImplicitAnyLet');
  });
});
