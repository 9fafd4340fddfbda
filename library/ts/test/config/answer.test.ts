import { describe, expect, it } from 'vitest';
import { readConfigAnswer } from '../../src/config/answer.js';
import { configProblem } from '../../src/config/validate.js';

const good = JSON.stringify({ service: 'web', version: 3, config: { logLevel: 'debug', banner: 'hi' } });

describe('reading a config answer', () => {
  it('a valid document is applied with its version', () => {
    expect(readConfigAnswer(200, good)).toEqual({ ok: true, applied: { version: 3, config: { logLevel: 'debug', banner: 'hi' } } });
  });

  it('a status other than 200 is a fetch error', () => {
    expect(readConfigAnswer(500, good)).toMatchObject({ ok: false, reason: 'fetch' });
    expect(readConfigAnswer(404, '{}')).toMatchObject({ ok: false, reason: 'fetch' });
  });

  it('no body, null, {} or a missing config are empty', () => {
    for (const body of ['', '  \n', 'null', '{}', '{"version":2}', '{"version":2,"config":{}}', '{"version":2,"config":null}']) {
      expect(readConfigAnswer(200, body), body).toMatchObject({ ok: false, reason: 'empty' });
    }
  });

  it('text that does not parse is invalid_json', () => {
    expect(readConfigAnswer(200, '{"version": 3, "config": {')).toMatchObject({ ok: false, reason: 'invalid_json' });
  });

  it('a config outside spec/config.schema.json or a bad envelope is schema', () => {
    const cases = [
      { version: 3, config: { logLevel: 'loud' } },
      { version: 3, config: { logLevel: 'info', unknownKey: 1 } },
      { version: 3, config: { banner: 'no level' } },
      { version: 0, config: { logLevel: 'info' } },
      { version: '3', config: { logLevel: 'info' } },
      [1, 2],
      'a string',
    ];
    for (const body of cases) {
      expect(readConfigAnswer(200, JSON.stringify(body)), JSON.stringify(body)).toMatchObject({ ok: false, reason: 'schema' });
    }
  });

  it('validation names the offending place', () => {
    expect(configProblem({ logLevel: 'info', pageSizeMax: 0 })).toContain('/pageSizeMax');
    expect(configProblem({ logLevel: 'info' })).toBeUndefined();
  });
});
