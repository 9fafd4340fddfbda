// Where the repository's files are, from the source tree or from dist/ alike.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding the sidecar-lab package.json, found by walking up from this file. */
export function repoRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'sidecar-lab') {
      root = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the sidecar-lab repository above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function fromRoot(...parts: string[]): string {
  return join(repoRoot(), ...parts);
}
