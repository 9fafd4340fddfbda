// HAProxy as the native floor for the hop benchmark: one thread, keep-alive both ways, proxying to the same app.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../scripts/orchestration/ports.js';
import { spawnProcess, type ManagedProcess } from '../../scripts/orchestration/processes.js';
import { waitForHttpOk } from '../../scripts/orchestration/ready.js';

export interface RunningHaproxy {
  process: ManagedProcess;
  url: string;
}

/** Undefined (with a line on stderr) when haproxy is not installed: `apt-get install -y haproxy`. */
export async function startHaproxy(options: {
  runDir: string;
  appPort: number;
  launch: (command: string, args: string[]) => { command: string; args: string[] };
}): Promise<RunningHaproxy | undefined> {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
  } catch {
    process.stderr.write('haproxy is not installed (apt-get install -y haproxy): measuring without the native floor\n');
    return undefined;
  }
  const port = await freePort();
  const config = join(options.runDir, 'haproxy.cfg');
  // nbthread 1: the sidecar has one event loop on the same core; http-reuse always: keep-alive to the app, as the sidecar's pool.
  writeFileSync(
    config,
    [
      'global', '  nbthread 1', '  maxconn 4096',
      'defaults', '  mode http', '  timeout connect 5s', '  timeout client 65s', '  timeout server 65s', '  option http-keep-alive',
      'frontend ingress', `  bind 127.0.0.1:${port}`, '  default_backend app',
      'backend app', '  http-reuse always', `  server app 127.0.0.1:${options.appPort}`, '',
    ].join('\n'),
  );
  const launch = options.launch('haproxy', ['-db', '-f', config]);
  const child = spawnProcess({ name: 'haproxy', ...launch, logFile: join(options.runDir, 'haproxy.out.log') });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttpOk(`${url}/health`, { timeoutSeconds: 10, processes: [child] });
  return { process: child, url };
}
