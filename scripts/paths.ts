// Where the repository, its compiled output and the reports are, whether this runs from dist/ or through tsx.
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const distMarker = `${sep}dist${sep}scripts`;

/** The repository root: this file is scripts/paths.ts or dist/scripts/paths.js. */
export const REPO_ROOT = here.endsWith(distMarker) ? here.slice(0, -distMarker.length) : dirname(here);

export const REPORTS_DIR = join(REPO_ROOT, 'reports');

/** The compiled JavaScript of a source file, e.g. compiledScript('scripts/load/open-loop-main') . */
export function compiledScript(sourcePathWithoutExtension: string): string {
  return join(REPO_ROOT, 'dist', `${sourcePathWithoutExtension}.js`);
}
