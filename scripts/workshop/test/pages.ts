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

/** Every `index.html#anchor` a page names: the pages point into a report only this way. */
export function anchorsOf(path: string): string[] {
  return [...readFileSync(path, 'utf8').matchAll(/index\.html#([\w-]+)/g)].map((match) => match[1]!);
}
