// Mode agent with real processes: one agent for the host's apps, started before them; an app's stop leaves the agent
// to the others; the host's stop takes the agent down after them. web calls customers through the one ambassador. The
// agent can be replaced alone while the apps run on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ControlPlaneClient } from '../../../controlplane/src/client.js';
import { startAgentHost } from '../agent-host.js';
import { startControlPlane } from '../controlplane.js';
import { repoRoot } from '../paths.js';
import { stopAll } from '../processes.js';

const runDir = mkdtempSync(join(tmpdir(), 'scl-agent-host-'));

afterAll(() => stopAll({ signal: 'SIGKILL' }));

describe('an agent host', () => {
  it('serves two ts apps from one agent: each on its public port, a peer call through the shared ambassador', async () => {
    const controlplane = await startControlPlane({ runDir });
    const cp = new ControlPlaneClient(controlplane.url);
    const app = (service: string) =>
      ({ lang: 'ts', service, mode: 'agent', instanceId: `${service}-1`, controlplaneUrl: controlplane.url, runDir }) as const;
    const host = await startAgentHost([app('customers'), app('web')], { dir: join(runDir, 'agent') });
    const [customers, web] = host.instances as [(typeof host.instances)[0], (typeof host.instances)[0]];
    expect(customers.sidecarProcess).toBe(host.agentProcess);
    expect(web.sidecarProcess).toBe(host.agentProcess);
    expect(customers.appProcess.pid).not.toBe(web.appProcess.pid);

    const created = await fetch(`${customers.publicUrl}/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.org' }),
    });
    expect(created.status).toBe(201);
    // web's checkout reaches customers through the agent's ambassador; payment is not there, so the checkout fails after it.
    const checkout = await fetch(`${web.publicUrl}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: 1, amountCents: 100, currency: 'EUR' }),
    });
    const webMetrics = await (await fetch(web.metricsUrl!)).text();
    expect(checkout.status).toBe(502);
    expect(webMetrics).toMatch(/^scl_egress_requests_total\{target="customers",method="GET",status="200"\} 1$/m);
    expect(webMetrics).toMatch(/^scl_egress_requests_total\{target="payment",method="POST",status="unknown_service"\} 1$/m);

    await customers.stop('SIGTERM');
    expect(customers.appProcess.exitInfo).toBeDefined();
    expect(host.agentProcess.exitInfo).toBeUndefined();
    expect((await fetch(`${web.adminUrl}/ready`)).status).toBe(200);

    await host.stop('SIGTERM');
    expect(host.agentProcess.exitInfo?.exitCode).toBe(0);
    expect((await cp.instances('web', { passing: true })).instances).toEqual([]);
    await controlplane.stop('SIGKILL');
  }, 60_000);

  it("replaces its agent alone (an upgrade's agent path): same ports, the apps untouched, every app ready behind the new one", async () => {
    const controlplane = await startControlPlane({ runDir });
    const cp = new ControlPlaneClient(controlplane.url);
    const app = (service: string) =>
      ({ lang: 'ts', service, mode: 'agent', instanceId: `${service}-2`, controlplaneUrl: controlplane.url, runDir }) as const;
    const host = await startAgentHost([app('customers'), app('payment')], { dir: join(runDir, 'agent-replaced') });
    const oldAgent = host.agentProcess;
    const appPids = host.instances.map((one) => one.appProcess.pid);

    const times = await host.replaceAgent(repoRoot());
    expect(oldAgent.exitInfo?.exitCode).toBe(0);
    expect(host.agentProcess.pid).not.toBe(oldAgent.pid);
    expect(host.instances.map((one) => one.sidecarProcess)).toEqual([host.agentProcess, host.agentProcess]);
    expect(host.instances.map((one) => one.appProcess.pid)).toEqual(appPids);
    expect(times.exitedMillis).toBeLessThanOrEqual(times.startedMillis);
    expect(times.startedMillis).toBeLessThanOrEqual(times.readyMillis);
    for (const one of host.instances) expect((await fetch(`${one.adminUrl}/ready`)).status).toBe(200);
    expect((await fetch(`${host.instances[0]!.publicUrl}/customers/1`)).status).toBe(404);

    await host.stop('SIGTERM');
    expect((await cp.instances('customers', { passing: true })).instances).toEqual([]);
    await controlplane.stop('SIGKILL');
  }, 60_000);
});
