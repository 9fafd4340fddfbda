import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { startInstance, type RunningInstance } from '../../scripts/orchestration/instance.js';
import { knownLanguages, toolchainAvailable } from '../../scripts/orchestration/languages.js';
import { stopAll } from '../../scripts/orchestration/processes.js';
import { CONTRACT_CASES } from '../contract/cases.js';
import { ServicesContract } from '../contract/openapi.js';
import { runContract, runGenerated } from '../contract/run-contract.js';

describe('the contract cases', () => {
  it('name only operations and statuses of spec/services.openapi.yaml', () => {
    const contract = new ServicesContract();
    const operations = new Set(contract.operations().map(({ method, path }) => `${method} ${path}`));
    for (const contractCase of CONTRACT_CASES) {
      expect(operations, contractCase.name).toContain(`${contractCase.operation.method} ${contractCase.operation.path}`);
      expect(
        contract.response(contractCase.operation.method, contractCase.operation.path, contractCase.status).documented ||
          contractCase.undocumentedStatus === true,
        contractCase.name,
      ).toBe(true);
    }
  });

  it('cover every business operation of the three services', () => {
    const covered = new Set(CONTRACT_CASES.map(({ operation }) => `${operation.method} ${operation.path}`));
    const business = new ServicesContract().operations().filter(({ path }) => !path.startsWith('/_scl/'));
    expect(business.filter(({ method, path }) => !covered.has(`${method} ${path}`))).toEqual([]);
  });
});

// Every language with a launch file, in every mode: the same cases against web, customers and payment.
const MODES = ['none', 'library', 'sidecar'] as const;
// Generated requests per cell, and fast-check's seed: the same requests, in the same order, in every cell.
const GENERATED_RUNS = 150;
const GENERATED_SEED = 20261204;
const toolchains = await Promise.all(knownLanguages().map(async (lang) => ({ lang, check: await toolchainAvailable(lang) })));
const cells = toolchains.flatMap(({ lang, check }) => MODES.map((mode) => ({ lang, mode, check })));

describe.each(cells)('$lang services in mode $mode', ({ lang, mode, check }) => {
  if (!check.available) {
    it.skip(`${lang} is skipped: ${check.message}`, () => {});
    return;
  }
  const runDir = mkdtempSync(join(tmpdir(), 'scl-contract-'));
  const instances: RunningInstance[] = [];

  beforeAll(async () => {
    const controlplane: RunningControlPlane | undefined = mode === 'none' ? undefined : await startControlPlane({ runDir });
    const start = (service: string, peers?: Record<string, string>) =>
      startInstance({
        lang,
        service,
        mode,
        instanceId: `${service}-1`,
        controlplaneUrl: controlplane?.url,
        runDir,
        ...(peers !== undefined ? { peers } : {}),
      });
    const [customers, payment] = await Promise.all([start('customers'), start('payment')]);
    instances.push(customers, payment);
    // Mode none has no registry: web is told where its peers are.
    instances.push(await start('web', mode === 'none' ? { customers: customers.publicUrl, payment: payment.publicUrl } : undefined));
  }, 60_000);

  afterAll(async () => {
    await stopAll({ signal: 'SIGKILL' });
    rmSync(runDir, { recursive: true, force: true });
  });

  it('answer every contract case as spec/services.openapi.yaml says', async () => {
    const [customers, payment, web] = instances as [RunningInstance, RunningInstance, RunningInstance];
    const report = await runContract({ webUrl: web.publicUrl, customersUrl: customers.publicUrl, paymentUrl: payment.publicUrl });
    expect(report.results.filter((result) => !result.ok)).toEqual([]);
  }, 60_000);

  it('answer requests generated from the document as it says: valid accepted, invalid 4xx, no 5xx, 405 with Allow', async () => {
    const [customers, payment, web] = instances as [RunningInstance, RunningInstance, RunningInstance];
    const report = await runGenerated(
      { webUrl: web.publicUrl, customersUrl: customers.publicUrl, paymentUrl: payment.publicUrl },
      { seed: GENERATED_SEED, numRuns: GENERATED_RUNS },
    );
    // The failure is the smallest request fast-check shrank it to, with the problem of its answer.
    expect(report.failure).toBeUndefined();
    expect(report.sent).toBeGreaterThanOrEqual(GENERATED_RUNS);
  }, 120_000);
});
