// `npm run k8s` as a user runs it: files per cell with --out, YAML that reads back as the objects, a bad flag refused.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { fromRoot } from '../../orchestration/paths.js';

const k8s = (args: string[]) =>
  execa(process.execPath, ['--import', 'tsx', fromRoot('scripts', 'k8s', 'main.ts'), ...args], { cwd: fromRoot(), reject: false });

describe('npm run k8s', () => {
  it('writes one file per cell with --out, each a stream of the cell objects', async () => {
    const out = mkdtempSync(join(tmpdir(), 'scl-k8s-out-'));
    const result = await k8s(['--mode', 'sidecar,none', '--langs', 'go,ts', '--registry', 'reg.example/lab', '--tag', 't1', '--out', out]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/4 cells written to .*, valid against Kubernetes 1\.33\.0/);
    expect(readdirSync(out).sort()).toEqual(['none-go.yaml', 'none-ts.yaml', 'sidecar-go.yaml', 'sidecar-ts.yaml']);
    const documents = parseAllDocuments(readFileSync(join(out, 'sidecar-go.yaml'), 'utf8')).map((document) => document.toJS());
    expect(documents.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'Namespace/scl-sidecar-go',
      'Deployment/controlplane',
      'Service/controlplane',
      'Deployment/web',
      'Service/web',
      'Deployment/customers',
      'Service/customers',
      'Deployment/payment',
      'Service/payment',
    ]);
    const pod = documents[3].spec.template.spec;
    expect([pod.containers[0].image, pod.initContainers[0].image]).toEqual(['reg.example/lab/scl-go:t1', 'reg.example/lab/scl-sidecar:t1']);
  });

  it('renders mode agent as the apps file of the node and the DaemonSet of its agent, which reads it with --apps', async () => {
    const result = await k8s(['--mode', 'agent', '--langs', 'ts']);
    expect(result.exitCode).toBe(0);
    const documents = parseAllDocuments(result.stdout).map((document) => document.toJS());
    expect(documents.slice(0, 3).map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'Namespace/scl-agent-ts',
      'ConfigMap/scl-agent-apps',
      'DaemonSet/scl-agent',
    ]);
    const args: string[] = documents[2].spec.template.spec.containers[0].args;
    expect(args.slice(1, 3)).toEqual(['--apps', '/var/lib/scl-agent/agent/apps.json']);
    expect(JSON.parse(documents[1].data['apps.json']).map((app: { service: string }) => app.service)).toEqual([
      'web',
      'customers',
      'payment',
    ]);
  });

  it('refuses an unknown mode with SCL_ERR_BAD_FLAG, the valid ones and exit status 2', async () => {
    const result = await k8s(['--mode', 'native']);
    expect(result.stderr).toMatch(/^SCL_ERR_BAD_FLAG: --mode: unknown value "native"; valid values: none, library, sidecar, agent/);
    expect(result.exitCode).toBe(2);
  });
});
