// Command-line flags of the control plane, checked strictly: a bad flag is SCL_ERR_BAD_FLAG, never ignored.
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, type ControlPlaneOptions } from './server.js';

export interface CliOptions extends Required<ControlPlaneOptions> {
  host: string;
  port: number;
  help: boolean;
}

export class BadFlagError extends Error {
  readonly code = 'SCL_ERR_BAD_FLAG';
}

export const USAGE = `usage: node dist/controlplane/src/main.js [flags]

  --host <address>                              address to bind (default 127.0.0.1)
  --port <0-65535>                              port to bind, 0 for an ephemeral one (default 7000)
  --deregister-critical-after-seconds <n >= 0>  remove a critical instance this long after it turned critical (default 30)
  --max-stored-records <integer >= 1>           log records kept for /v1/logs/records; counts stay exact (default 200000)
  --no-seed-config                              do not store spec/config.defaults.json as version 1 of each config
  --help                                        show this text

Once listening it prints one line: {"event":"listening","url":"http://<host>:<port>"}`;

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'deregister-critical-after-seconds': { type: 'string' },
  'max-stored-records': { type: 'string' },
  'no-seed-config': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const FLAG_NAMES = Object.keys(FLAGS)
  .map((name) => `--${name}`)
  .join(', ');

/** The flags' values, as parseArgs types them; a flag it refuses is a BadFlagError listing the valid ones. */
function flagValues(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new BadFlagError(`${(error as Error).message.split('\n')[0]}; valid flags: ${FLAG_NAMES}`);
  }
}

export function parseCliOptions(args: readonly string[]): CliOptions {
  const values = flagValues(args);
  return {
    host: values.host ?? '127.0.0.1',
    port: values.port === undefined ? 7000 : integerFlag('--port', values.port, 0, 65535),
    deregisterCriticalAfterSeconds:
      values['deregister-critical-after-seconds'] === undefined
        ? DEFAULT_OPTIONS.deregisterCriticalAfterSeconds
        : numberFlag('--deregister-critical-after-seconds', values['deregister-critical-after-seconds'], 0),
    maxStoredRecords:
      values['max-stored-records'] === undefined
        ? DEFAULT_OPTIONS.maxStoredRecords
        : integerFlag('--max-stored-records', values['max-stored-records'], 1, 100_000_000),
    seedConfig: values['no-seed-config'] !== true,
    help: values.help === true,
  };
}

function numberFlag(flag: string, raw: string, min: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min) {
    throw new BadFlagError(`${flag}=${raw} is invalid; valid values: a number >= ${min}`);
  }
  return value;
}

function integerFlag(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || value < min || value > max) {
    throw new BadFlagError(`${flag}=${raw} is invalid; valid values: an integer from ${min} to ${max}`);
  }
  return value;
}
