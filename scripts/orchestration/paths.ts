// Where the repository is, so that compiled JS (dist/...) and vitest (TS sources) find the same files.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The folder holding the project's package.json, found by walking up from this file. */
export function repoRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'sidecar-lab') {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the sidecar-lab repository root above ${import.meta.url}`);
    dir = parent;
  }
}

export function fromRoot(...parts: string[]): string {
  return join(repoRoot(), ...parts);
}
