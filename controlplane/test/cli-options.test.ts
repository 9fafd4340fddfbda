import { describe, expect, it } from 'vitest';
import { BadFlagError, parseCliOptions } from '../src/cli-options.js';

describe('control plane flags', () => {
  it('defaults to 127.0.0.1:7000, 30 s, 200000 records, seeded config', () => {
    expect(parseCliOptions([])).toEqual({
      host: '127.0.0.1',
      port: 7000,
      deregisterCriticalAfterSeconds: 30,
      maxStoredRecords: 200_000,
      seedConfig: true,
      help: false,
    });
  });

  it('reads every flag', () => {
    const args = [
      '--host',
      '0.0.0.0',
      '--port=0',
      '--deregister-critical-after-seconds',
      '0.5',
      '--max-stored-records',
      '10',
      '--no-seed-config',
      '--help',
    ];
    expect(parseCliOptions(args)).toEqual({
      host: '0.0.0.0',
      port: 0,
      deregisterCriticalAfterSeconds: 0.5,
      maxStoredRecords: 10,
      seedConfig: false,
      help: true,
    });
  });

  it.each([
    [['--bogus'], '--bogus'],
    [['--port', 'abc'], '--port'],
    [['--port', '70000'], '--port'],
    [['--port', '-1'], '--port'],
    [['--port'], '--port'],
    [['--deregister-critical-after-seconds', '-1'], '--deregister-critical-after-seconds'],
    [['--deregister-critical-after-seconds', 'soon'], '--deregister-critical-after-seconds'],
    [['--max-stored-records', '0'], '--max-stored-records'],
    [['--max-stored-records', '1.5'], '--max-stored-records'],
    [['positional'], 'positional'],
  ])('%j is SCL_ERR_BAD_FLAG naming %s', (args, named) => {
    try {
      parseCliOptions(args);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BadFlagError);
      expect((error as BadFlagError).code).toBe('SCL_ERR_BAD_FLAG');
      expect((error as Error).message).toContain(named);
    }
  });
});
