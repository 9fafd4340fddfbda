// Binds the sidecar's local servers: TCP on 127.0.0.1 only, or a Unix socket; never another address.
import { lstat, mkdir, unlink } from 'node:fs/promises';
import type { Server } from 'node:net';
import { dirname } from 'node:path';

export type LocalEndpoint = { port: number } | { socketPath: string };

export const LOOPBACK = '127.0.0.1';

export function describeEndpoint(endpoint: LocalEndpoint): string {
  return 'port' in endpoint ? `${LOOPBACK}:${endpoint.port}` : `unix:${endpoint.socketPath}`;
}

/** A socket file left by a sidecar that was killed would make listen() fail with EADDRINUSE. */
export async function removeStaleSocket(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  try {
    if ((await lstat(path)).isSocket()) await unlink(path);
  } catch {
    // absent: nothing to remove
  }
}

export async function listenLocal(server: Server, endpoint: LocalEndpoint): Promise<void> {
  if ('socketPath' in endpoint) await removeStaleSocket(endpoint.socketPath);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    const listening = () => {
      server.off('error', onError);
      resolve();
    };
    if ('port' in endpoint) server.listen({ host: LOOPBACK, port: endpoint.port }, listening);
    else server.listen({ path: endpoint.socketPath }, listening);
  });
}

/** Base URL of an HTTP server on a TCP endpoint; undefined for a socket (clients need the path). */
export function localUrl(endpoint: LocalEndpoint): string | undefined {
  return 'port' in endpoint ? `http://${LOOPBACK}:${endpoint.port}` : undefined;
}
