// The start contract: what a valid environment gives, and that a bad one is one clear line and exit 2.
import { beforeAll, describe, expect, it } from 'vitest';
import { readStartContract, StartContractError } from '../src/start-contract.js';
import { ensureBuilt } from './support/build.js';
import { spawnService } from './support/processes.js';

const base = {
  SCL_SERVICE: 'customers',
  SCL_MODE: 'none',
  SCL_INSTANCE_ID: 'customers-1',
  SCL_PUBLIC_PORT: '7101',
  SCL_DATA_DIR: '/tmp/c1',
};
const sidecar = { SCL_LOG_FILE: '/tmp/app.log', SCL_CONFIG_FILE: '/tmp/config.json', SCL_EGRESS_URL: 'http://127.0.0.1:7201/' };

function errorOf(env: Record<string, string>): string {
  try {
    readStartContract(env);
  } catch (error) {
    expect(error).toBeInstanceOf(StartContractError);
    return (error as Error).message;
  }
  throw new Error('expected a StartContractError');
}

describe('start contract', () => {
  it('reads mode none with defaults for host, private port, hooks and features', () => {
    expect(readStartContract(base)).toEqual({
      service: 'customers',
      mode: 'none',
      instanceId: 'customers-1',
      host: '127.0.0.1',
      publicPort: 7101,
      privatePort: 7101,
      dataDir: '/tmp/c1',
      controlplaneUrl: undefined,
      logFile: undefined,
      configFile: undefined,
      egressUrl: undefined,
      peers: {},
      features: [],
      testHooks: false,
      sidecarApiUrl: undefined,
    });
  });

  it('reads sidecar mode: files, egress URL without a trailing slash, private port, all five features', () => {
    const contract = readStartContract({ ...base, SCL_MODE: 'sidecar', SCL_PRIVATE_PORT: '8101', SCL_TEST_HOOKS: '1', ...sidecar });
    expect(contract).toMatchObject({
      privatePort: 8101,
      logFile: '/tmp/app.log',
      configFile: '/tmp/config.json',
      egressUrl: 'http://127.0.0.1:7201',
      testHooks: true,
    });
    expect(contract.features).toEqual(['metrics', 'logs', 'registry', 'config', 'egress']);
  });

  it('sidecar mode needs the files only of the features that are on', () => {
    const contract = readStartContract({
      ...base,
      SCL_MODE: 'sidecar',
      SCL_FEATURES: 'metrics',
      SCL_PEERS: 'payment=http://127.0.0.1:7102',
    });
    expect(contract).toMatchObject({
      logFile: undefined,
      configFile: undefined,
      egressUrl: undefined,
      peers: { payment: 'http://127.0.0.1:7102' },
    });
    expect(errorOf({ ...base, SCL_MODE: 'sidecar', SCL_FEATURES: 'logs' })).toMatch(/^SCL_LOG_FILE is required/);
  });

  it('web in mode none needs SCL_PEERS and parses it', () => {
    expect(errorOf({ ...base, SCL_SERVICE: 'web' })).toMatch(/^SCL_PEERS is required/);
    const contract = readStartContract({
      ...base,
      SCL_SERVICE: 'web',
      SCL_PEERS: 'customers=http://127.0.0.1:7101, payment=http://127.0.0.1:7102/',
    });
    expect(contract.peers).toEqual({ customers: 'http://127.0.0.1:7101', payment: 'http://127.0.0.1:7102' });
    expect(errorOf({ ...base, SCL_SERVICE: 'web', SCL_PEERS: 'customers' })).toMatch(/^SCL_PEERS: "customers" is not valid/);
  });

  it('names the variable and its valid values when one is missing or wrong', () => {
    const { SCL_SERVICE: _, ...noService } = base;
    expect(errorOf(noService)).toBe('SCL_SERVICE is required; valid values: web, customers, payment');
    expect(errorOf({ ...base, SCL_MODE: 'mesh' })).toBe('SCL_MODE="mesh" is not valid; valid values: none, library, sidecar');
    expect(errorOf({ ...base, SCL_PUBLIC_PORT: '70000' })).toMatch(/^SCL_PUBLIC_PORT="70000" is not valid; expected a port/);
    expect(errorOf({ ...base, SCL_PRIVATE_PORT: 'x' })).toMatch(/^SCL_PRIVATE_PORT="x"/);
    expect(errorOf({ ...base, SCL_TEST_HOOKS: 'yes' })).toBe('SCL_TEST_HOOKS="yes" is not valid; valid values: 0, 1');
    expect(errorOf({ ...base, SCL_MODE: 'library' })).toMatch(/^SCL_CONTROLPLANE_URL is required/);
    expect(errorOf({ ...base, SCL_MODE: 'library', SCL_CONTROLPLANE_URL: 'ftp://x' })).toMatch(
      /^SCL_CONTROLPLANE_URL="ftp:\/\/x" is not valid/,
    );
    expect(errorOf({ ...base, SCL_MODE: 'sidecar', ...sidecar, SCL_FEATURES: 'metrics,tracing' })).toMatch(
      /unknown feature "tracing"; valid values: metrics, logs/,
    );
  });
});

describe('start contract of the process', () => {
  beforeAll(ensureBuilt);

  it('a bad variable is one error line naming it, and exit status 2', async () => {
    const service = spawnService({ ...base, SCL_MODE: 'mesh' });
    expect(await service.exited).toEqual({ code: 2, signal: null });
    const lines = service.output().trim().split('\n');
    expect(lines).toEqual(['SCL_ERR_BAD_FLAG: SCL_MODE="mesh" is not valid; valid values: none, library, sidecar']);
  });
});
