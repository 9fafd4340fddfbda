// Free TCP ports on 127.0.0.1 for processes that must be told their port before they start.
import { createServer } from 'node:net';

/*
 * The race: a port is free when we close our probe socket, and the child binds it a little later.
 * In that gap another program on the host may take it, and the child then fails to listen (the
 * harness reports it as SCL_ERR_NOT_READY with the child's log). Within this process the set below
 * guarantees a port is never handed out twice. Across processes, the busiest takers are outgoing
 * connections (load generators, pools), whose local ports the kernel draws from its ephemeral range:
 * a port handed out from outside that range is never taken by one of them. Processes that can report
 * their own port (the control plane's `--port 0`) avoid the race altogether.
 */
const handedOut = new Set<number>();

/** A port nobody listened on a moment ago, outside the ephemeral range, that this process has not handed out before. */
export function freePort(): Promise<number> {
  return stablePort();
}

/** Below the kernel's ephemeral range (net.ipv4.ip_local_port_range, 32768-60999 by default). */
const STABLE_PORT_MIN = 20_000;
const STABLE_PORT_MAX = 32_767;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A free port outside the ephemeral range; a process restarted on the same port keeps it safe too: in
 * the gap between the old process exiting and the new one binding, no outgoing connection of any
 * program on the host can be given it as its local port (the kernel draws those from the ephemeral
 * range).
 */
export async function stablePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = STABLE_PORT_MIN + Math.floor(Math.random() * (STABLE_PORT_MAX - STABLE_PORT_MIN + 1));
    if (handedOut.has(port) || !(await portIsFree(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port found on 127.0.0.1 between ${STABLE_PORT_MIN} and ${STABLE_PORT_MAX} after 200 tries`);
}

export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  return ports;
}

/** Lets a port be handed out again once its process has exited. */
export function releasePort(port: number): void {
  handedOut.delete(port);
}
