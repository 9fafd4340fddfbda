// Finds the app's pid: the one given, else the process holding the socket that listens on the app's port.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { processStartTicks } from './proc-reader.js';

const TCP_LISTEN_STATE = '0A';

/**
 * Keeps the app's pid and finds it again when the app restarts: a given --app-pid is used while
 * that process lives; after it is gone (or without one) the pid comes from the port.
 */
export class AppPidFinder {
  private pid: number | undefined;
  private startTicks: number | undefined;

  constructor(
    private readonly appPort: number,
    givenPid?: number,
  ) {
    this.pid = givenPid;
  }

  /** The pid of the live app, or undefined when no process is found. */
  async current(): Promise<number | undefined> {
    if (this.pid !== undefined && (await this.stillSameProcess(this.pid))) return this.pid;
    this.pid = await pidListeningOn(this.appPort);
    this.startTicks = this.pid === undefined ? undefined : await processStartTicks(this.pid);
    return this.pid;
  }

  /** The remembered pid without checking it (undefined before the first current()). */
  get lastKnown(): number | undefined {
    return this.pid;
  }

  private async stillSameProcess(pid: number): Promise<boolean> {
    const ticks = await processStartTicks(pid);
    if (ticks === undefined) return false;
    // A pid reused by another process after the app died has a different start time.
    if (this.startTicks === undefined) this.startTicks = ticks;
    return ticks === this.startTicks;
  }
}

/** /proc/net/tcp{,6} -> the listening socket's inode -> the process with that socket among its fds. */
export async function pidListeningOn(port: number): Promise<number | undefined> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'latin1').catch(() => '');
    for (const inode of listeningInodes(text, port)) inodes.add(inode);
  }
  if (inodes.size === 0) return undefined;
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (target.startsWith('socket:[') && inodes.has(target.slice(8, -1))) return Number(pid);
    }
  }
  return undefined;
}

/** Lines look like `0: 0100007F:1F90 00000000:0000 0A ... <uid> <timeout> <inode>`. */
export function listeningInodes(table: string, port: number): string[] {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const columns = line.trim().split(/\s+/);
    const local = columns[1];
    if (local === undefined || columns[3] !== TCP_LISTEN_STATE) continue;
    if (local.slice(local.lastIndexOf(':') + 1) === portHex && columns[9] !== undefined) inodes.push(columns[9]);
  }
  return inodes;
}
