import { describe, expect, it } from 'vitest';
import { bucketBoundaries, parsePrometheusText, selectSamples } from '../src/prometheus.js';

const TEXT = `# HELP scl_http_server_requests_total inbound requests completed
# TYPE scl_http_server_requests_total counter
scl_http_server_requests_total{route="/customers/{id}",method="GET",status="404"} 2
scl_http_server_requests_total{route="other",method="GET",status="404"} 1

# TYPE scl_http_server_request_duration_seconds histogram
scl_http_server_request_duration_seconds_bucket{le="0.0005",route="/",method="GET"} 0
scl_http_server_request_duration_seconds_bucket{le="0.001",route="/",method="GET"} 1
scl_http_server_request_duration_seconds_bucket{le="1e-2",route="/",method="GET"} 1
scl_http_server_request_duration_seconds_bucket{le="+Inf",route="/",method="GET"} 1
scl_http_server_request_duration_seconds_sum{route="/",method="GET"} 0.00071
scl_http_server_request_duration_seconds_count{route="/",method="GET"} 1
scl_app_resident_memory_bytes 5.2e7 1700000000000
weird{path="a \\"quoted\\" \\\\ back\\nslash",empty=""} -Inf
nan_gauge NaN
`;

describe('the Prometheus text parser', () => {
  const exposition = parsePrometheusText(TEXT);

  it('reads names, labels and values of every sample line', () => {
    expect(exposition.samples).toHaveLength(11);
    expect(selectSamples(exposition, 'scl_http_server_requests_total', { route: '/customers/{id}' })).toEqual([
      { name: 'scl_http_server_requests_total', labels: { route: '/customers/{id}', method: 'GET', status: '404' }, value: 2 },
    ]);
  });

  it('reads exponents and ignores a timestamp after the value', () => {
    expect(selectSamples(exposition, 'scl_app_resident_memory_bytes')[0]?.value).toBe(52_000_000);
  });

  it('undoes the escapes of label values and reads +Inf, -Inf and NaN', () => {
    const weird = selectSamples(exposition, 'weird')[0];
    expect(weird?.labels).toEqual({ path: 'a "quoted" \\ back\nslash', empty: '' });
    expect(weird?.value).toBe(-Infinity);
    expect(Number.isNaN(selectSamples(exposition, 'nan_gauge')[0]?.value)).toBe(true);
  });

  it('keeps the TYPE of each family', () => {
    expect(exposition.types.get('scl_http_server_request_duration_seconds')).toBe('histogram');
    expect(exposition.types.get('scl_http_server_requests_total')).toBe('counter');
  });

  it('selects by a subset of labels', () => {
    expect(selectSamples(exposition, 'scl_http_server_requests_total', { method: 'GET' })).toHaveLength(2);
    expect(selectSamples(exposition, 'scl_http_server_requests_total', { method: 'POST' })).toHaveLength(0);
  });

  it('lists the finite bucket boundaries as numbers in ascending order', () => {
    expect(bucketBoundaries(exposition, 'scl_http_server_request_duration_seconds_bucket', { route: '/' })).toEqual([0.0005, 0.001, 0.01]);
  });

  it('names the line of a malformed sample', () => {
    expect(() => parsePrometheusText('ok 1\nbroken{a="1" 2\n')).toThrow(/line 2/);
    expect(() => parsePrometheusText('novalue\n')).toThrow(/no value/);
    expect(() => parsePrometheusText('x{a="unterminated} 1\n')).toThrow(/unterminated/);
  });
});
