import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigFeature } from '../../src/config/feature.js';
import type { AppliedConfig } from '../../src/types.js';
import { FakeControlPlane } from '../fixtures/fake-controlplane.js';
import { startServer, waitFor } from '../fixtures/http-server.js';

let plane: FakeControlPlane;
const features: ConfigFeature[] = [];
beforeEach(async () => {
  plane = await FakeControlPlane.start();
});
afterEach(async () => {
  await Promise.all(features.splice(0).map((f) => f.stop()));
  await plane.close();
});

function feature(controlplaneUrl = plane.url, registry?: Registry) {
  const created = new ConfigFeature({
    controlplaneUrl,
    service: 'web',
    defaults: { logLevel: 'info', banner: 'default' },
    waitSeconds: 5,
    retryBackoffSeconds: 0.02,
    firstPullSeconds: 2,
    registry,
  });
  features.push(created);
  return created;
}

describe('config feature', () => {
  it('runs on the built-in defaults as version 0 before any pull', () => {
    expect(feature().current()).toEqual({ version: 0, config: { logLevel: 'info', banner: 'default' } });
  });

  it('start applies the stored config', async () => {
    plane.putConfig('web', { logLevel: 'warn', banner: 'stored' });
    const config = feature();
    await config.start();
    expect(config.current()).toEqual({ version: 1, config: { logLevel: 'warn', banner: 'stored' } });
  });

  it('a change is applied by the blocking query and handed to listeners', async () => {
    plane.putConfig('web', { logLevel: 'info' });
    const config = feature();
    const seen: AppliedConfig[] = [];
    config.onConfig((applied) => seen.push(applied));
    await config.start();
    plane.putConfig('web', { logLevel: 'debug' });
    await waitFor(() => config.current().version === 2, 'version 2');
    expect(seen.map((a) => a.version)).toEqual([1, 2]);
    expect(config.current().config.logLevel).toBe('debug');
  });

  it('keeps the last good config through every kind of bad answer and counts each reason', async () => {
    const registry = new Registry();
    plane.putConfig('web', { logLevel: 'warn' });
    const config = feature(plane.url, registry);
    await config.start();
    for (const fault of ['invalid_json', 'empty', 'schema_invalid', 'status_500'] as const) {
      const reason = { invalid_json: 'invalid_json', empty: 'empty', schema_invalid: 'schema', status_500: 'fetch' } as const;
      plane.setConfigFault('web', fault);
      await waitFor(() => config.errorCounts()[reason[fault]] > 0, `a ${fault} answer counted`);
      expect(config.current()).toEqual({ version: 1, config: { logLevel: 'warn' } });
    }
    plane.setConfigFault('web', 'ok');
    plane.putConfig('web', { logLevel: 'error' });
    await waitFor(() => config.current().version === 2, 'version 2 after the faults');
    const text = await registry.metrics();
    for (const reason of ['fetch', 'empty', 'invalid_json', 'schema']) {
      expect(text).toMatch(new RegExp(`scl_config_errors_total\\{reason="${reason}"\\} [1-9]`));
    }
    expect(text).toContain('scl_config_version 2');
    expect(text).toContain('scl_config_applied_total 2');
  });

  it('start does not wait long for a control plane that is down, and the app stays on defaults', async () => {
    const gone = await startServer(() => undefined);
    await gone.close();
    const config = feature(gone.url);
    await config.start();
    expect(config.current().version).toBe(0);
    await waitFor(() => config.errorCounts().fetch >= 2, 'retried fetches');
  });

  it('start returns after its bound when the control plane never answers', async () => {
    const silent = await startServer(() => undefined); // accepts, never answers
    try {
      const config = new ConfigFeature({
        controlplaneUrl: silent.url,
        service: 'web',
        defaults: { logLevel: 'info' },
        waitSeconds: 5,
        retryBackoffSeconds: 0.02,
        firstPullSeconds: 0.1,
      });
      features.push(config);
      await config.start();
      expect(config.current().version).toBe(0);
      await config.stop();
    } finally {
      await silent.close();
    }
  });
});
