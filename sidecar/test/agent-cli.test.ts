import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../library/ts/src/feature.js';
import { parseCommandLine } from '../src/agent-cli.js';
import type { SidecarError } from '../src/errors.js';

const dir = join(tmpdir(), `scl-agent-cli-${process.pid}`);
mkdirSync(dir, { recursive: true });

const SHARED = [
  '--admin-port',
  '7400',
  '--api-port',
  '7500',
  '--egress-port',
  '7300',
  '--controlplane',
  'http://127.0.0.1:7000',
  '--data-dir',
  dir,
];

function app(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    service: 'customers',
    'instance-id': `customers-${n}`,
    'public-port': 7100 + n,
    'app-port': 7200 + n,
    'log-file': join(dir, `${n}.log`),
    'config-file': join(dir, `${n}.json`),
    ...extra,
  };
}

let files = 0;
function appsFile(content: unknown): string {
  const file = join(dir, `apps-${files++}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function refusal(args: string[]): SidecarError {
  try {
    parseCommandLine(args, FEATURE_NAMES);
  } catch (error) {
    return error as SidecarError;
  }
  throw new Error(`${args.join(' ')} was accepted`);
}

describe('the agent command line (--apps)', () => {
  it('gives every app its own flags and state folder, and the agent the shared listeners', () => {
    const command = parseCommandLine(['--apps', appsFile([app(1), app(2, { 'app-lang': 'go' })]), ...SHARED], FEATURE_NAMES);
    expect(command?.kind).toBe('agent');
    if (command?.kind !== 'agent') return;
    expect(command.options).toMatchObject({ egressPort: 7300, admin: [{ port: 7400 }], api: [{ port: 7500 }], dataDir: dir });
    expect(
      command.options.apps.map((one) => [one.instanceId, one.publicPort, one.appPort, one.appLang, one.placement, one.dataDir]),
    ).toEqual([
      ['customers-1', 7101, 7201, undefined, 'agent', join(dir, 'customers-1')],
      ['customers-2', 7102, 7202, 'go', 'agent', join(dir, 'customers-2')],
    ]);
  });

  it('without --apps is the sidecar of one app', () => {
    const command = parseCommandLine([...Object.entries(app(1)).flatMap(([k, v]) => [`--${k}`, String(v)]), ...SHARED], FEATURE_NAMES);
    expect(command).toMatchObject({ kind: 'sidecar', options: { instanceId: 'customers-1', placement: 'sidecar' } });
  });

  it('refuses a per-app flag given to the agent, and the gRPC API', () => {
    expect(refusal(['--apps', appsFile([app(1)]), '--service', 'web', ...SHARED]).message).toMatch(/--service is given per app/);
    expect(refusal(['--apps', appsFile([app(1)]), '--grpc-port', '7600', ...SHARED]).message).toMatch(
      /--grpc-port is not served by an agent/,
    );
  });

  it('names the app and the flag of a bad entry, with the sidecar parser’s valid values', () => {
    const error = refusal(['--apps', appsFile([app(1), app(2, { 'public-port': 'x' })]), ...SHARED]);
    expect(error.code).toBe('SCL_ERR_BAD_FLAG');
    expect(error.message).toMatch(/app 2: --public-port="x" is invalid; valid values: an integer from 1 to 65535/);
    expect(refusal(['--apps', appsFile([app(1, { 'admin-port': 1 })]), ...SHARED]).message).toMatch(/"admin-port" is invalid/);
  });

  it('refuses two apps on one instance id or port, an app on a shared port, and a file that is not a list of apps', () => {
    expect(refusal(['--apps', appsFile([app(1), app(2, { 'instance-id': 'customers-1' })]), ...SHARED]).message).toMatch(
      /instance-id customers-1 is already app 1's/,
    );
    expect(refusal(['--apps', appsFile([app(1), app(2, { 'app-port': 7101 })]), ...SHARED]).message).toMatch(
      /port 7101 is already app 1's/,
    );
    expect(refusal(['--apps', appsFile([app(1, { 'public-port': 7400 })]), ...SHARED]).message).toMatch(
      /already the port of --public-port/,
    );
    expect(refusal(['--apps', appsFile([]), ...SHARED]).message).toMatch(/at least one object/);
    expect(refusal(['--apps', appsFile('{not json'), ...SHARED]).message).toMatch(/a readable JSON file/);
    expect(refusal(['--apps', join(dir, 'missing.json'), ...SHARED]).message).toMatch(/a readable JSON file/);
  });
});
