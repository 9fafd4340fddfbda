// The compiled entry points processes start from: tests and the harness never rebuild dist/ while
// others run from it (npm test and npm run bench build first); they check it is there instead.
import { existsSync } from 'node:fs';
import { HarnessError } from './errors.js';
import { fromRoot } from './paths.js';

/** Throws SCL_ERR_NOT_BUILT naming the missing file and the command that builds it. */
export function assertBuilt(entry: string, what = entry): void {
  if (!existsSync(fromRoot(entry))) {
    throw new HarnessError('SCL_ERR_NOT_BUILT', `${what} is not built: ${fromRoot(entry)} is missing; run npm run build`);
  }
}
