// The workshop's markdown pages, and the report anchors they point to, for the tests that read them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../paths.js';

export const WORKSHOP_DIR = join(REPO_ROOT, 'workshop');

export function workshopPages(dir = WORKSHOP_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return workshopPages(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/**
 * Every report anchor a page names: `index.html#anchor` (the exercise pages), or `#anchor` as code (the guide's way
 * of naming a section). A markdown link to a heading of the page itself, `(#heading)`, is neither.
 */
export function anchorsOf(path: string): string[] {
  return [...readFileSync(path, 'utf8').matchAll(/index\.html#([\w-]+)|`#([\w-]+)`/g)].map((match) => (match[1] ?? match[2])!);
}
