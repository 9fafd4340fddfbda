import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { startInstance, type RunningInstance } from '../../scripts/orchestration/instance.js';
import { stopAll } from '../../scripts/orchestration/processes.js';
import { CONTRACT_CASES } from '../contract/cases.js';
import { ServicesContract } from '../contract/openapi.js';
import { runContract } from '../contract/run-contract.js';

describe('the contract cases', () => {
  it('name only operations and statuses of spec/services.openapi.yaml', () => {
    const contract = new ServicesContract();
    const operations = new Set(contract.operations().map(({ method, path }) => `${method} ${path}`));
    for (const contractCase of CONTRACT_CASES) {
      expect(operations, contractCase.name).toContain(`${contractCase.operation.method} ${contractCase.operation.path}`);
      expect(contract.response(contractCase.operation.method, contractCase.operation.path, contractCase.status).documented || contractCase.undocumentedStatus === true, contractCase.name).toBe(true);
    }
  });

  it('cover every business operation of the three services', () => {
    const covered = new Set(CONTRACT_CASES.map(({ operation }) => `${operation.method} ${operation.path}`));
    const business = new ServicesContract().operations().filter(({ path }) => !path.startsWith('/_scl/'));
    expect(business.filter(({ method, path }) => !covered.has(`${method} ${path}`))).toEqual([]);
  });
});

describe('ts services in mode none', () => {
  const runDir = mkdtempSync(join(tmpdir(), 'scl-contract-'));
  let controlplane: RunningControlPlane | undefined;
  const instances: RunningInstance[] = [];

  beforeAll(async () => {
    controlplane = await startControlPlane({ runDir });
    const start = (service: string, peers?: Record<string, string>) =>
      startInstance({ lang: 'ts', service, mode: 'none', instanceId: `${service}-1`, controlplaneUrl: controlplane?.url, runDir, peers });
    const [customers, payment] = await Promise.all([start('customers'), start('payment')]);
    instances.push(customers, payment);
    instances.push(await start('web', { customers: customers.publicUrl, payment: payment.publicUrl }));
  });

  afterAll(async () => {
    await stopAll({ signal: 'SIGKILL' });
    rmSync(runDir, { recursive: true, force: true });
  });

  it('answer every contract case as spec/services.openapi.yaml says', async () => {
    const [customers, payment, web] = instances as [RunningInstance, RunningInstance, RunningInstance];
    const report = await runContract({ webUrl: web.publicUrl, customersUrl: customers.publicUrl, paymentUrl: payment.publicUrl });
    expect(report.results.filter((result) => !result.ok)).toEqual([]);
  });
});
