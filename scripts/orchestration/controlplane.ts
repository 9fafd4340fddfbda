// Starts the control plane (dist/controlplane/src/main.js --port 0) and learns its URL from its listening line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from './errors.js';
import { fromRoot } from './paths.js';
import { spawnProcess, stop, type ExitInfo, type ManagedProcess } from './processes.js';
import { readListeningUrl } from './ready.js';

export interface ControlPlaneOptions {
  /** Its log goes to `<runDir>/controlplane.log`. */
  runDir: string;
  /** Extra flags, e.g. ['--deregister-critical-after-seconds', '1']. */
  args?: readonly string[];
  readyTimeoutSeconds?: number;
}

export interface RunningControlPlane {
  url: string;
  process: ManagedProcess;
  stop(signal?: NodeJS.Signals): Promise<ExitInfo>;
}

export const CONTROLPLANE_ENTRY = 'dist/controlplane/src/main.js';

export async function startControlPlane(options: ControlPlaneOptions): Promise<RunningControlPlane> {
  const entry = fromRoot(CONTROLPLANE_ENTRY);
  if (!existsSync(entry)) {
    throw new HarnessError('SCL_ERR_NOT_BUILT', `control plane not built: ${entry} is missing; run npm run build`);
  }
  const child = spawnProcess({
    name: 'controlplane',
    command: process.execPath,
    args: [entry, '--port', '0', ...(options.args ?? [])],
    logFile: join(options.runDir, 'controlplane.log'),
  });
  try {
    const url = await readListeningUrl(child, options.readyTimeoutSeconds ?? 15);
    return { url, process: child, stop: (signal = 'SIGTERM') => stop(child, { signal, graceSeconds: 5 }) };
  } catch (error) {
    await stop(child, { signal: 'SIGKILL' });
    throw error;
  }
}
