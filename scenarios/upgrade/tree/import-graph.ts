// The TypeScript files a program compiles in: relative imports followed from its entry point.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

// `import ... from './x.js'`, `export ... from './x.js'`, `import('./x.js')`: relative specifiers only.
const SPECIFIER = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Repository-relative paths of every .ts file reachable from `entry` (e.g. sidecar/src/main.ts). */
export async function reachableFiles(root: string, entry: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(join(root, file), 'utf8');
    for (const match of text.matchAll(SPECIFIER)) {
      const target = sourceOf(root, join(dirname(file), match[1] as string));
      if (target !== undefined && !seen.has(target)) queue.push(target);
    }
  }
  return seen;
}

/** `./x.js` is compiled from `./x.ts`; JSON and other files are data, not followed. */
function sourceOf(root: string, specifier: string): string | undefined {
  if (!specifier.endsWith('.js')) return undefined;
  const source = `${specifier.slice(0, -3)}.ts`;
  return existsSync(join(root, source)) ? relative(root, join(root, source)) : undefined;
}
