import { describe, expect, it } from 'vitest';
import { isHarnessError } from '../../scripts/orchestration/errors.js';
import { parseFlags } from '../src/flags.js';

const ids = new Set(['egress-get-503-retried', 'logs-resource-attributes']);

describe('conformance flags', () => {
  it('default to every language and every mode with features (not native)', () => {
    expect(parseFlags([], ['go', 'ts'], ids)).toMatchObject({
      langs: ['go', 'ts'],
      modes: ['none', 'library', 'sidecar'],
      vectorIds: [],
      build: true,
      keepRunDirs: false,
    });
  });

  it('take repeated flags and comma lists', () => {
    const options = parseFlags(
      [
        '--lang',
        'ts',
        '--mode',
        'none,library',
        '--mode',
        'sidecar',
        '--vector',
        'egress-get-503-retried',
        '--json',
        'out.json',
        '--no-build',
      ],
      ['ts'],
      ids,
    );
    expect(options).toMatchObject({
      langs: ['ts'],
      modes: ['none', 'library', 'sidecar'],
      vectorIds: ['egress-get-503-retried'],
      jsonFile: 'out.json',
      build: false,
    });
  });

  it('take mode agent when it is named, never by default (it starts a second app beside each vector)', () => {
    expect(parseFlags(['--mode', 'agent'], ['ts'], ids).modes).toEqual(['agent']);
  });

  it.each([
    [['--mode', 'fast'], /--mode fast is not a mode; valid: none, library, sidecar/],
    // Mode native is HAProxy before a mode-none app: no feature for a vector to check.
    [['--mode', 'native'], /--mode native has no features: conformance does not apply to it; valid: none, library, sidecar/],
    [['--lang', 'cobol'], /--lang cobol is not a language .*; valid: ts/],
    [['--vector', 'no-such-vector'], /--vector no-such-vector names no vector; valid: egress-get-503-retried, logs-resource-attributes/],
    [['--colour'], /Unknown option '--colour'/],
    [['positional'], /positional/],
  ])('refuse %j with SCL_ERR_BAD_FLAG and the valid values', (argv, message) => {
    let caught: unknown;
    try {
      parseFlags(argv, ['ts'], ids);
    } catch (error) {
      caught = error;
    }
    expect(isHarnessError(caught, 'SCL_ERR_BAD_FLAG')).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});
