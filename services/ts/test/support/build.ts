// Where the built services are; npm test builds dist/ before any test runs, and no test rebuilds it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuilt } from '../../../../scripts/orchestration/built.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const MAIN_JS = path.join(REPO_ROOT, 'dist/services/ts/src/main.js');

export function ensureBuilt(): void {
  assertBuilt('dist/services/ts/src/main.js', 'the TypeScript services');
}
