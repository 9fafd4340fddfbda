// The agent (--apps) as a process, over real sockets: one sidecar process serving two apps, each on its own public
// port, readiness, registration, metrics and log stream; the local API by /apps/<instance-id>; SIGTERM for all.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlaneClient } from '../../controlplane/src/client.js';
import { settingEnvName } from '../../library/ts/src/settings.js';
import { freePort } from '../../scripts/orchestration/ports.js';
import { spawnProcess, stop, stopAll, type ManagedProcess } from '../../scripts/orchestration/processes.js';
import { waitForHttpOk } from '../../scripts/orchestration/ready.js';
import {
  eventually,
  metricValue,
  newRunDir,
  requireBuilt,
  SIDECAR_MAIN,
  startControlPlane,
  startFakeApp,
  type FakeApp,
  type RunningControlPlane,
} from './support/topology.js';

const runDir = newRunDir('scl-agent-test-');
const APPS = [
  { service: 'customers', id: 'customers-1' },
  { service: 'payment', id: 'payment-1' },
] as const;
let controlplane: RunningControlPlane;
let cp: ControlPlaneClient;
let apps: { app: FakeApp; publicPort: number }[];
let agent: ManagedProcess;
let adminUrl: string;
let apiUrl: string;

beforeAll(async () => {
  requireBuilt();
  controlplane = await startControlPlane({ runDir });
  cp = new ControlPlaneClient(controlplane.url);
  apps = [];
  for (const { id } of APPS) {
    const app = await startFakeApp({ runDir, name: id, logFile: join(runDir, `${id}-app.jsonl`) });
    apps.push({ app, publicPort: await freePort() });
  }
  const appsFile = join(runDir, 'apps.json');
  const entries = APPS.map(({ service, id }, index) => ({
    service,
    'instance-id': id,
    'public-port': apps[index]!.publicPort,
    'app-port': apps[index]!.app.port,
    'log-file': join(runDir, `${id}-app.jsonl`),
    'config-file': join(runDir, `${id}.config.json`),
    'app-lang': 'ts',
  }));
  writeFileSync(appsFile, JSON.stringify(entries));
  const [admin, api, egress] = [await freePort(), await freePort(), await freePort()];
  adminUrl = `http://127.0.0.1:${admin}`;
  apiUrl = `http://127.0.0.1:${api}`;
  const fast = {
    'registry.healthCheckIntervalSeconds': 0.2,
    'registry.healthCheckTimeoutSeconds': 0.2,
    'registry.healthCheckFailureThreshold': 3,
  };
  agent = spawnProcess({
    name: 'agent',
    command: process.execPath,
    args: [
      SIDECAR_MAIN,
      '--apps',
      appsFile,
      '--admin-port',
      String(admin),
      '--api-port',
      String(api),
      '--egress-port',
      String(egress),
    ].concat(['--controlplane', controlplane.url, '--data-dir', join(runDir, 'agent')]),
    env: Object.fromEntries(Object.entries(fast).map(([key, value]) => [settingEnvName(key), String(value)])),
    logFile: join(runDir, 'agent.log'),
  });
  await waitForHttpOk(`${adminUrl}/ready`, { timeoutSeconds: 20, processes: [agent] });
});

afterAll(() => stopAll({ signal: 'SIGKILL' }));

async function passing(service: string): Promise<string[]> {
  return (await cp.instances(service, { passing: true })).instances.map((instance) => `${instance.id}:${instance.port}`);
}

async function scrape(id: string): Promise<string> {
  return (await fetch(`${adminUrl}/apps/${id}/metrics`)).text();
}

describe('one agent, two apps', () => {
  it('each app is served on its own public port by the one process, and registered there on its own', async () => {
    for (const [index, { app, publicPort }] of apps.entries()) {
      const answer = await request(`http://127.0.0.1:${publicPort}/customers/7`);
      expect(answer.statusCode).toBe(200);
      expect(((await answer.body.json()) as { pid: number }).pid).toBe(app.process.pid);
      expect(await passing(APPS[index]!.service)).toEqual([`${APPS[index]!.id}:${publicPort}`]);
      const ready = await fetch(`${adminUrl}/apps/${APPS[index]!.id}/ready`);
      expect(await ready.json()).toEqual({ status: 'ready', app: true, config: true, registered: true });
    }
    expect(await (await fetch(`${adminUrl}/ready`)).json()).toEqual({ status: 'ready', apps: { 'customers-1': true, 'payment-1': true } });
  });

  it("each app's requests and business counters land on its own metrics only", async () => {
    await request(`http://127.0.0.1:${apps[0]!.publicPort}/customers/7`);
    const post = await request(`${apiUrl}/apps/payment-1/v1/metrics`, {
      method: 'POST',
      body: JSON.stringify({ name: 'charges_total', value: 2, labels: {} }),
      headers: { 'content-type': 'application/json' },
    });
    expect(post.statusCode).toBe(204);
    const [customers, payment] = [await scrape('customers-1'), await scrape('payment-1')];
    expect(metricValue(payment, 'scl_business_charges_total')).toBe(2);
    expect(metricValue(customers, 'scl_business_charges_total')).toBeUndefined();
    // customers-1 was called twice here and above, payment-1 once (its service has no /customers route: `other`).
    expect(metricValue(customers, 'scl_http_server_requests_total', { route: '/customers/{id}' })).toBe(2);
    expect(metricValue(payment, 'scl_http_server_requests_total', { route: '/customers/{id}' })).toBeUndefined();
    expect(metricValue(payment, 'scl_http_server_requests_total')).toBe(1);
    expect((await request(`${apiUrl}/apps/nobody/v1/config`)).statusCode).toBe(404);
  });

  it("each app's log file is shipped as its own instance's stream", async () => {
    for (const { app } of apps) await app.control('log/write', { count: 5 });
    await eventually('both streams shipped', async () => {
      const { streams } = await cp.logStats();
      return APPS.every(({ id }) => (streams.find((stream) => stream.instance === id)?.received ?? 0) >= 5);
    });
  });

  it('a failing app is deregistered while the other stays listed', async () => {
    await apps[0]!.app.control('health', { ok: false });
    await eventually('customers-1 deregistered', async () => (await passing('customers')).length === 0);
    expect(await passing('payment')).toEqual([`payment-1:${apps[1]!.publicPort}`]);
    expect((await fetch(`${adminUrl}/ready`)).status).toBe(503);
    await apps[0]!.app.control('health', { ok: true });
    await eventually('customers-1 listed again', async () => (await passing('customers')).length === 1);
  });

  it('SIGTERM deregisters every app and exits 0', async () => {
    const exit = await stop(agent, { signal: 'SIGTERM', graceSeconds: 15 });
    expect(exit.exitCode).toBe(0);
    expect(await passing('customers')).toEqual([]);
    expect(await passing('payment')).toEqual([]);
  });
});
