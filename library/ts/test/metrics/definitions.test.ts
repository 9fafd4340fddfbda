import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import spec from '../../../../spec/features.json' with { type: 'json' };
import { ConfigFeature } from '../../src/config/feature.js';
import { EgressMetrics } from '../../src/egress/metrics.js';
import { registerLogsMetrics } from '../../src/logs/metrics.js';
import { MetricsFeature } from '../../src/metrics/feature.js';
import { RegistryClient } from '../../src/registry/client.js';
import { RegistryFeature } from '../../src/registry/feature.js';

/** Every unit's metrics in one registry, the way createLibrary composes them. */
function everyMetric(): Registry {
  const registry = new Registry();
  new MetricsFeature({ registry });
  registerLogsMetrics(registry, {
    stats: { queued: 0, shipped: 0, droppedQueueFull: 0, droppedRejected: 0, exportFailures: 0 },
    queuedRecords: 0,
  });
  new RegistryFeature({
    client: new RegistryClient({ controlplaneUrl: 'http://127.0.0.1:1', timeoutSeconds: 1 }),
    registration: { service: 'web', id: 'web-1', address: '127.0.0.1', port: 1, ttlSeconds: 5 },
    heartbeatIntervalSeconds: 1,
    registry,
  });
  new ConfigFeature({
    controlplaneUrl: 'http://127.0.0.1:1',
    service: 'web',
    defaults: { logLevel: 'info' },
    waitSeconds: 1,
    retryBackoffSeconds: 1,
    registry,
  });
  new EgressMetrics(registry, () => []);
  return registry;
}

type Inspectable = { name: string; help: string; type: string; labelNames: string[]; upperBounds?: number[] };

describe('metric definitions', () => {
  const specNames = Object.keys(spec.metrics.names).filter((name) => !name.includes('*'));
  const registry = everyMetric();
  const created = new Map(registry.getMetricsAsArray().map((m) => [(m as unknown as Inspectable).name, m as unknown as Inspectable]));

  it('creates every metric of spec/features.json and no other', () => {
    expect([...created.keys()].sort()).toEqual([...specNames].sort());
  });

  it.each(specNames)('%s has the type, help and labels of the spec', (name) => {
    const definition = spec.metrics.names[name as keyof typeof spec.metrics.names];
    const metric = created.get(name)!;
    expect(metric.type).toBe(definition.type);
    expect(metric.help).toBe(definition.help);
    expect(metric.labelNames).toEqual(definition.labels);
  });

  it('histograms use the buckets of the spec, in seconds', () => {
    for (const metric of created.values()) {
      if (metric.type === 'histogram') expect(metric.upperBounds).toEqual(spec.metrics.histogramBucketsSeconds);
    }
  });

  it('the request histogram exposes every bucket bound as an le label', async () => {
    const metrics = new Registry();
    const feature = new MetricsFeature({ registry: metrics });
    feature.observe({ route: '/customers/{id}', method: 'GET', status: 200, durationSeconds: 0.003, requestId: 'r' });
    const text = (await feature.scrape()).body;
    for (const bound of spec.metrics.histogramBucketsSeconds) {
      expect(text).toContain(`scl_http_server_request_duration_seconds_bucket{le="${bound}",route="/customers/{id}",method="GET"}`);
    }
    expect(text).toContain('scl_http_server_requests_total{route="/customers/{id}",method="GET",status="200"} 1');
    expect(text).toContain('scl_http_server_request_duration_seconds_bucket{le="0.005",route="/customers/{id}",method="GET"} 1');
    expect(text).toContain('scl_http_server_request_duration_seconds_bucket{le="0.0025",route="/customers/{id}",method="GET"} 0');
  });

  it('the app process metrics describe this process at scrape time', async () => {
    const metrics = new Registry();
    const feature = new MetricsFeature({ registry: metrics });
    const text = (await feature.scrape()).body;
    const value = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1]);
    expect(value('scl_app_cpu_seconds_total')).toBeGreaterThan(0);
    expect(value('scl_app_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(value('scl_app_open_fds')).toBeGreaterThan(2);
    expect(Math.abs(value('scl_app_start_time_seconds') - (Date.now() / 1000 - process.uptime()))).toBeLessThan(5);
  });
});
