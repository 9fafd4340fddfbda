// Shared test helpers: OTLP request builders, condition polling, and real control plane processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MAIN_JS = `${REPO_ROOT}dist/controlplane/src/main.js`;

type AnyValue = { stringValue: string } | { intValue: string | number } | { doubleValue: number } | { boolValue: boolean };

export interface StreamSpec {
  service?: string;
  instance?: string;
  pid?: number;
  seqs: readonly number[];
  /** How seq (and pid) are encoded: OTLP says a decimal string, many clients send numbers. */
  intAs?: 'string' | 'number';
  event?: string;
}

/** One ExportLogsServiceRequest with one record per seq. */
export function otlpExport(spec: StreamSpec): { resourceLogs: unknown[] } {
  const int = (value: number): AnyValue => ({ intValue: spec.intAs === 'number' ? value : String(value) });
  const resourceAttributes = [
    { key: 'service.name', value: { stringValue: spec.service ?? 'web' } },
    { key: 'service.instance.id', value: { stringValue: spec.instance ?? 'web-1' } },
    { key: 'scl.mode', value: { stringValue: 'library' } },
    { key: 'scl.lang', value: { stringValue: 'ts' } },
  ];
  const logRecords = spec.seqs.map((seq) => ({
    timeUnixNano: '1700000000000000000',
    severityText: 'INFO',
    severityNumber: 9,
    body: { stringValue: `record ${seq}` },
    attributes: [
      { key: 'seq', value: int(seq) },
      { key: 'pid', value: int(spec.pid ?? 4242) },
      { key: 'event', value: { stringValue: spec.event ?? 'http.request' } },
    ],
  }));
  return { resourceLogs: [{ resource: { attributes: resourceAttributes }, scopeLogs: [{ scope: { name: 'sidecar-lab' }, logRecords }] }] };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMillis`. */
export async function waitFor<T>(
  description: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMillis = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMillis} ms waiting for: ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface RunningControlPlane {
  url: string;
  child: ChildProcess;
  stderr: () => string;
}

const running = new Set<ChildProcess>();
// Last resort if a test worker exits without its afterAll: never leave a control plane behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `node dist/controlplane/src/main.js --port 0 ...args` and reads its listening line. */
export async function startControlPlane(args: readonly string[] = []): Promise<RunningControlPlane> {
  const child = spawn(process.execPath, [MAIN_JS, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  let started = false;
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => line as string),
    once(child, 'exit').then(([code]) => {
      if (!started) throw new Error(`control plane exited (${code}) before listening: ${stderr}`);
      return '';
    }),
  ]);
  started = true;
  const listening = JSON.parse(first) as { event: string; url: string };
  if (listening.event !== 'listening') throw new Error(`unexpected first line: ${first}`);
  return { url: listening.url, child, stderr: () => stderr };
}

/** Kills every process started by startControlPlane that is still running; for afterEach/afterAll. */
export async function killControlPlanes(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }),
  );
}
