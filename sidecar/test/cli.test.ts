import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../library/ts/src/feature.js';
import { parseFlags, usage } from '../src/cli.js';
import type { SidecarError } from '../src/errors.js';

const REQUIRED = [
  '--service',
  'customers',
  '--instance-id',
  'customers-1',
  '--public-port',
  '7101',
  '--app-port',
  '7201',
  '--admin-port',
  '7301',
  '--controlplane',
  'http://127.0.0.1:7000',
  '--data-dir',
  '/tmp/scl-sidecar-cli',
  '--log-file',
  '/tmp/scl-sidecar-cli/app.log',
  '--config-file',
  '/tmp/scl-sidecar-cli/config.json',
];

function refusal(args: string[], features = FEATURE_NAMES): SidecarError {
  try {
    parseFlags(args, features);
  } catch (error) {
    return error as SidecarError;
  }
  throw new Error(`${args.join(' ')} was accepted`);
}

describe('the sidecar command line', () => {
  it('accepts the flags the orchestration passes, with defaults for the rest', () => {
    const options = parseFlags([...REQUIRED, '--egress-port', '7401', '--api-port', '7501', '--app-pid', '1234'], FEATURE_NAMES)!;
    expect(options).toMatchObject({
      service: 'customers',
      publicHost: '127.0.0.1',
      publicPort: 7101,
      appPort: 7201,
      egressPort: 7401,
      admin: [{ port: 7301 }],
      api: [{ port: 7501 }],
      grpc: [],
      appPid: 1234,
      graceSeconds: 10,
      controlplaneUrl: 'http://127.0.0.1:7000',
    });
    expect(options.routesFile).toMatch(/spec\/services\.openapi\.yaml$/);
  });

  it('--flag=value is the same as --flag value', () => {
    const options = parseFlags([...REQUIRED, '--grace-seconds=2.5', '--admin-socket=/tmp/scl-sidecar-cli/admin.sock'], FEATURE_NAMES)!;
    expect(options.graceSeconds).toBe(2.5);
    expect(options.admin).toEqual([{ port: 7301 }, { socketPath: '/tmp/scl-sidecar-cli/admin.sock' }]);
  });

  it('--help asks for the usage, which lists every flag', () => {
    expect(parseFlags(['--help'], FEATURE_NAMES)).toBeUndefined();
    for (const flag of ['--service', '--public-port', '--admin-socket', '--grpc-port', '--routes', '--grace-seconds'])
      expect(usage()).toContain(flag);
  });

  it('an unknown flag is SCL_ERR_BAD_FLAG naming it and listing the valid flags', () => {
    const error = refusal([...REQUIRED, '--verbose']);
    expect(error.code).toBe('SCL_ERR_BAD_FLAG');
    expect(error.exitStatus).toBe(2);
    expect(error.message).toContain("'--verbose'");
    expect(error.message).toContain('--public-port');
  });

  it.each([
    [['--public-port', '0'], '--public-port="0"', 'an integer from 1 to 65535'],
    [['--app-port', 'http'], '--app-port="http"', 'an integer from 1 to 65535'],
    [['--grace-seconds=-1'], '--grace-seconds="-1"', 'a number from 0 to 3600'],
    [['--controlplane', 'ftp://x'], '--controlplane="ftp://x"', 'http(s):// URL'],
    [['--service', 'Bad Name'], '--service="Bad Name"', 'matching'],
    [['--routes', '/nonexistent.yaml'], '--routes="/nonexistent.yaml"', 'an existing OpenAPI file'],
    [['--app-pid', '1.5'], '--app-pid="1.5"', 'an integer'],
  ])('a bad value %j names the flag and the valid values', (override, named, valid) => {
    const error = refusal([...REQUIRED, ...override]);
    expect(error.code).toBe('SCL_ERR_BAD_FLAG');
    expect(error.message).toContain(named);
    expect(error.message).toContain('valid values');
    expect(error.message).toContain(valid);
  });

  it('a missing required flag is named', () => {
    const withoutService = REQUIRED.slice(2);
    expect(refusal(withoutService).message).toContain('--service is required');
  });

  it('admin needs a port or a socket', () => {
    const withoutAdmin = REQUIRED.filter((_, i) => i !== 8 && i !== 9);
    expect(refusal(withoutAdmin).message).toContain('--admin-port or --admin-socket is required');
  });

  it('a log file is required only while logs is enabled, a config file only while config is', () => {
    const withoutFiles = REQUIRED.slice(0, -4);
    expect(refusal(withoutFiles).message).toContain('--log-file is required');
    expect(refusal(withoutFiles, ['logs']).message).toContain('--log-file is required');
    expect(refusal([...withoutFiles, '--log-file', '/tmp/a.log'], ['logs', 'config']).message).toContain('--config-file is required');
    expect(parseFlags(withoutFiles, ['metrics', 'registry', 'egress'])).toBeDefined();
  });

  it('two flags cannot share a port', () => {
    const error = refusal([...REQUIRED, '--egress-port', '7101']);
    expect(error.message).toContain('--egress-port=7101');
    expect(error.message).toContain('--public-port');
  });

  it('a socket path too long for sun_path is refused', () => {
    expect(refusal([...REQUIRED, '--api-socket', `/tmp/${'s'.repeat(120)}`]).message).toContain('--api-socket');
  });
});
