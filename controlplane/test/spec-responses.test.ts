// Every answer the control plane gives matches the response schema spec/controlplane.openapi.yaml declares for it.
import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import configSchema from '../../spec/config.schema.json' with { type: 'json' };
import { createControlPlane } from '../src/server.js';
import { REPO_ROOT, otlpExport } from './helpers.js';

const SPEC_ID = 'https://sidecar-lab.dev/spec/controlplane.openapi.yaml';

describe('answers match spec/controlplane.openapi.yaml', async () => {
  const spec = parse(await readFile(`${REPO_ROOT}spec/controlplane.openapi.yaml`, 'utf8'));
  const ajv = new Ajv2020({ strict: false });
  (formats as unknown as { default: (ajv: Ajv2020) => void }).default(ajv);
  ajv.addSchema(configSchema);
  // Its $id makes the spec's relative "config.schema.json" resolve to config.schema.json's own $id.
  ajv.addSchema({ ...spec, $id: SPEC_ID });

  const app = createControlPlane({ seedConfig: true });
  afterAll(() => app.close());

  const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

  async function expectConforms(
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    specPath: string,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ) {
    const answer = await app.inject({ method, url, payload: payload as object, headers });
    const status = String(answer.statusCode);
    const response = spec.paths[specPath]?.[method.toLowerCase()]?.responses?.[status];
    expect(response, `${method} ${specPath} has no ${status} response in the spec`).toBeDefined();
    const responsePointer = response.$ref ?? `#/${pointer('paths', specPath, method.toLowerCase(), 'responses', status)}`;
    const resolved = response.$ref ? spec.components.responses[response.$ref.split('/').pop()] : response;
    if (resolved.content?.['application/json']?.schema !== undefined) {
      const validate = ajv.compile({ $ref: `${SPEC_ID}${responsePointer}/content/application~1json/schema` });
      expect(validate(answer.json()), `${method} ${url} -> ${status}: ${JSON.stringify(validate.errors)} ${answer.body}`).toBe(true);
    }
    if (resolved.headers?.['X-Scl-Index'] !== undefined) expect(answer.headers['x-scl-index']).toMatch(/^[0-9]+$/);
    return answer;
  }

  const registration = { service: 'web', id: 'web-1', address: '127.0.0.1', port: 8081, ttlSeconds: 5, meta: { zone: 'a' } };

  it('registry answers', async () => {
    await expectConforms('GET', '/health', '/health');
    await expectConforms('PUT', '/v1/registry/register', '/v1/registry/register', registration);
    await expectConforms('PUT', '/v1/registry/register', '/v1/registry/register', { ...registration, port: 0 });
    await expectConforms('PUT', '/v1/registry/heartbeat/{id}', '/v1/registry/heartbeat/web-1');
    await expectConforms('PUT', '/v1/registry/heartbeat/{id}', '/v1/registry/heartbeat/ghost');
    await expectConforms('GET', '/v1/registry/services', '/v1/registry/services');
    await expectConforms('GET', '/v1/registry/services/{service}', '/v1/registry/services/web?passing=true');
    await expectConforms('GET', '/v1/registry/services/{service}', '/v1/registry/services/ghost');
    await expectConforms('GET', '/v1/registry/services/{service}', '/v1/registry/services/web?wait=never');
    await expectConforms('PUT', '/v1/registry/deregister/{id}', '/v1/registry/deregister/web-1');
    await expectConforms('PUT', '/v1/registry/deregister/{id}', '/v1/registry/deregister/web-1');
  });

  it('config answers', async () => {
    await expectConforms('GET', '/v1/config', '/v1/config');
    await expectConforms('GET', '/v1/config/{service}', '/v1/config/web');
    await expectConforms('GET', '/v1/config/{service}', '/v1/config/ghost');
    await expectConforms('PUT', '/v1/config/{service}', '/v1/config/web', { logLevel: 'warn' });
    await expectConforms('PUT', '/v1/config/{service}', '/v1/config/web', { logLevel: 'warn' });
    await expectConforms('PUT', '/v1/config/{service}', '/v1/config/web', { logLevel: 'loud' });
  });

  it('log collector answers', async () => {
    await expectConforms('POST', '/v1/logs', '/v1/logs', otlpExport({ seqs: [1, 2, 4] }));
    await expectConforms('POST', '/v1/logs', '/v1/logs', { resourceLogs: 'none' });
    await expectConforms('POST', '/v1/logs', '/v1/logs', 'x', { 'content-type': 'application/x-protobuf' });
    await expectConforms('GET', '/v1/logs/records', '/v1/logs/records?service=web&limit=10');
    await expectConforms('GET', '/v1/logs/stats', '/v1/logs/stats');
    await expectConforms('DELETE', '/v1/logs', '/v1/logs');
  });

  it('fault answers', async () => {
    await expectConforms('PUT', '/v1/faults', '/v1/faults', { logs: { mode: 'delay', delaySeconds: 0.1 }, config: { web: 'empty' } });
    await expectConforms('GET', '/v1/faults', '/v1/faults');
    await expectConforms('PUT', '/v1/faults', '/v1/faults', { logs: { mode: 'sometimes' } });
  });
});
