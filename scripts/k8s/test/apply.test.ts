// --apply up to the point where a cluster would answer: with no kubectl, no context or a silent cluster it fails with
// SCL_ERR_NO_CLUSTER and exit status 3; with a kubectl that answers, it is handed the rendered stream. Stand-in kubectl
// scripts play each case, so the test does not depend on what this machine has installed.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../orchestration/paths.js';
import { applyManifests } from '../apply.js';

const dir = mkdtempSync(join(tmpdir(), 'scl-k8s-apply-'));

/** A kubectl stand-in: answers `config current-context`, `version` and `apply` as told, and keeps what apply read. */
function fakeKubectl(name: string, answers: { context: string | null; version: boolean; apply: boolean }): string {
  const path = join(dir, name, 'kubectl');
  const script = `#!/bin/sh
case "$1 $2" in
  "config current-context") ${answers.context === null ? 'echo "error: current-context is not set" >&2; exit 1' : `echo ${answers.context}`} ;;
  version*) ${answers.version ? 'echo "Server Version: v1.33.0"' : 'echo "Unable to connect to the server: dial tcp 10.0.0.1:6443: i/o timeout" >&2; exit 1'} ;;
  apply*) cat > "$(dirname "$0")/applied.yaml"; ${answers.apply ? 'echo "namespace/scl-none-ts created"' : 'echo "error: the server rejected it" >&2; exit 1'} ;;
esac
`;
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}

describe('npm run k8s -- --apply', () => {
  it('is SCL_ERR_NO_CLUSTER when kubectl cannot be run', async () => {
    await expect(applyManifests('{}', join(dir, 'no-such-kubectl'))).rejects.toThrow(
      /^SCL_ERR_NO_CLUSTER: .*could not be run.*docs\/kubernetes\.md/,
    );
  });

  it('is SCL_ERR_NO_CLUSTER when kubectl has no current context', async () => {
    const kubectl = fakeKubectl('no-context', { context: null, version: false, apply: false });
    await expect(applyManifests('{}', kubectl)).rejects.toThrow(
      /SCL_ERR_NO_CLUSTER: kubectl has no current context \(error: current-context is not set\)/,
    );
  });

  it('is SCL_ERR_NO_CLUSTER when the context names a cluster that does not answer', async () => {
    const kubectl = fakeKubectl('silent', { context: 'kind-gone', version: false, apply: true });
    await expect(applyManifests('{}', kubectl)).rejects.toThrow(
      /SCL_ERR_NO_CLUSTER: the cluster of context "kind-gone" does not answer \(Unable to connect/,
    );
  });

  it('hands the stream to kubectl apply once a cluster answers, and says when it refuses', async () => {
    const kubectl = fakeKubectl('answers', { context: 'kind-lab', version: true, apply: true });
    expect(await applyManifests('kind: Namespace\n', kubectl)).toEqual({ context: 'kind-lab', report: 'namespace/scl-none-ts created' });
    expect(readFileSync(join(dir, 'answers', 'applied.yaml'), 'utf8')).toBe('kind: Namespace\n');
    const refuses = fakeKubectl('refuses', { context: 'kind-lab', version: true, apply: false });
    await expect(applyManifests('{}', refuses)).rejects.toThrow(/SCL_ERR_APPLY_FAILED: .*the server rejected it/s);
  });

  it('exits with status 3 and the message, as the CLI, when no kubectl is on PATH', async () => {
    const result = await execa(
      process.execPath,
      ['--import', 'tsx', fromRoot('scripts', 'k8s', 'main.ts'), '--apply', '--mode', 'none', '--langs', 'ts'],
      {
        cwd: fromRoot(),
        env: { PATH: join(dir, 'empty') },
        extendEnv: false,
        reject: false,
      },
    );
    expect(result.stderr).toMatch(/^SCL_ERR_NO_CLUSTER: "kubectl" could not be run/);
    expect(result.exitCode).toBe(3);
  });

  it('renders the whole stream with a stand-in kubectl on PATH, one document per object', async () => {
    fakeKubectl('on-path', { context: 'kind-lab', version: true, apply: true });
    const result = await execa(
      process.execPath,
      ['--import', 'tsx', fromRoot('scripts', 'k8s', 'main.ts'), '--apply', '--mode', 'sidecar', '--langs', 'ts'],
      {
        cwd: fromRoot(),
        env: { PATH: `${join(dir, 'on-path')}:/usr/bin:/bin` },
        reject: false,
      },
    );
    expect([result.exitCode, result.stdout]).toEqual([0, 'k8s: applied to context "kind-lab"\nnamespace/scl-none-ts created']);
    const applied = readFileSync(join(dir, 'on-path', 'applied.yaml'), 'utf8');
    // A namespace, the control plane and three services, a Deployment and a Service each.
    expect(applied.split(/^---$/m)).toHaveLength(9);
    expect(applied).toMatch(/restartPolicy: Always/);
  });
});
