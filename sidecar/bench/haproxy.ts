// HAProxy as the native floor for the hop benchmark: the harness's own native hop (scripts/orchestration/haproxy.ts),
// proxying to the same app, pinned like the sidecar.
import { freePort } from '../../scripts/orchestration/ports.js';
import { haproxyInstalled, HAPROXY_INSTALL_HINT, spawnHaproxy } from '../../scripts/orchestration/haproxy.js';
import type { ManagedProcess } from '../../scripts/orchestration/processes.js';
import { waitForHttpOk } from '../../scripts/orchestration/ready.js';

export interface RunningHaproxy {
  process: ManagedProcess;
  url: string;
}

/** Undefined (with a line on stderr saying how to install it) when haproxy is not installed. */
export async function startHaproxy(options: {
  runDir: string;
  appPort: number;
  launch: (command: string, args: string[]) => { command: string; args: string[] };
}): Promise<RunningHaproxy | undefined> {
  if (!haproxyInstalled()) {
    process.stderr.write(`${HAPROXY_INSTALL_HINT}; measuring without the native floor\n`);
    return undefined;
  }
  const port = await freePort();
  const child = spawnHaproxy({
    dir: options.runDir,
    name: 'haproxy',
    routes: [{ name: 'ingress', listenPort: port, targetPort: options.appPort }],
    launch: options.launch,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttpOk(`${url}/health`, { timeoutSeconds: 10, processes: [child] });
  return { process: child, url };
}
