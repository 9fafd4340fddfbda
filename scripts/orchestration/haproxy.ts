// HAProxy as the native hop: the config the harness writes, whether haproxy is installed, and starting it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnProcess, type ManagedProcess } from './processes.js';

/** What a run prints where haproxy is missing: the native cell is skipped, never faked. */
export const HAPROXY_INSTALL_HINT = 'haproxy is not installed (apt-get update && apt-get install -y haproxy): the native cells are skipped';

export interface HaproxyRoute {
  /** A frontend's name in the config (letters, digits, dashes). */
  name: string;
  listenPort: number;
  targetPort: number;
}

/**
 * The whole config: one thread (the sidecar has one event loop), keep-alive on both sides and `http-reuse always`
 * (the sidecar keeps a pool to the app), no feature of any kind: only the hop. One frontend and backend per route.
 */
export function haproxyConfig(routes: readonly HaproxyRoute[]): string {
  const lines = [
    'global',
    '  nbthread 1',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 65s',
    '  timeout server 65s',
    '  option http-keep-alive',
  ];
  for (const route of routes) {
    lines.push(`frontend ${route.name}`, `  bind 127.0.0.1:${route.listenPort}`, `  default_backend ${route.name}-target`);
    lines.push(`backend ${route.name}-target`, '  http-reuse always', `  server ${route.name}-server 127.0.0.1:${route.targetPort}`);
  }
  return `${lines.join('\n')}\n`;
}

let installed: boolean | undefined;

/** Whether `haproxy -v` runs; asked once per process. */
export function haproxyInstalled(): boolean {
  if (installed === undefined) {
    try {
      execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
      installed = true;
    } catch {
      installed = false;
    }
  }
  return installed;
}

/** Writes `<dir>/haproxy.cfg` and starts haproxy in the foreground (-db) on it; readiness is the caller's to check. */
export function spawnHaproxy(options: {
  dir: string;
  name: string;
  routes: readonly HaproxyRoute[];
  launch?: (command: string, args: string[]) => { command: string; args: string[] };
}): ManagedProcess {
  const config = join(options.dir, 'haproxy.cfg');
  writeFileSync(config, haproxyConfig(options.routes));
  const plain = { command: 'haproxy', args: ['-db', '-f', config] };
  const launch = options.launch?.(plain.command, plain.args) ?? plain;
  return spawnProcess({ name: options.name, ...launch, logFile: join(options.dir, 'haproxy.out.log') });
}
