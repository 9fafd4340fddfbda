// --apply: hands the manifests to kubectl, which talks to its current context. Everything up to the point where a
// cluster would answer runs here; no cluster, no kubectl or no context is SCL_ERR_NO_CLUSTER with what to do.
import { execa } from 'execa';
import { HarnessError } from '../orchestration/errors.js';

const NEEDS =
  'npm run k8s -- --apply needs kubectl on PATH with a current context for the cluster, and the images pushed (docs/kubernetes.md)';

/** Seconds kubectl waits for the cluster before it gives up: a context whose server is gone fails soon, not in minutes. */
const REQUEST_TIMEOUT = '20s';

async function kubectl(command: string, args: string[], input?: string) {
  return execa(command, args, { reject: false, all: true, ...(input === undefined ? { stdin: 'ignore' } : { input }) });
}

/** The current context's name; throws SCL_ERR_NO_CLUSTER when kubectl is missing or has none, or its cluster is silent. */
export async function currentContext(command = 'kubectl'): Promise<string> {
  const context = await kubectl(command, ['config', 'current-context']);
  if (context.exitCode === undefined)
    throw new HarnessError('SCL_ERR_NO_CLUSTER', `"${command}" could not be run (${context.code ?? 'not found'}); ${NEEDS}`);
  if (context.exitCode !== 0)
    throw new HarnessError('SCL_ERR_NO_CLUSTER', `kubectl has no current context (${String(context.all).trim()}); ${NEEDS}`);
  const name = String(context.stdout).trim();
  const reach = await kubectl(command, ['version', `--request-timeout=${REQUEST_TIMEOUT}`]);
  if (reach.exitCode !== 0)
    throw new HarnessError(
      'SCL_ERR_NO_CLUSTER',
      `the cluster of context "${name}" does not answer (${String(reach.all).trim().split('\n').at(-1)}); ${NEEDS}`,
    );
  return name;
}

/** `kubectl apply -f -` of the rendered stream, after the context was found; returns kubectl's own report. */
export async function applyManifests(yaml: string, command = 'kubectl'): Promise<{ context: string; report: string }> {
  const context = await currentContext(command);
  const applied = await kubectl(command, ['apply', `--request-timeout=${REQUEST_TIMEOUT}`, '-f', '-'], yaml);
  if (applied.exitCode !== 0)
    throw new HarnessError('SCL_ERR_APPLY_FAILED', `kubectl apply to context "${context}" failed:\n${String(applied.all).trim()}`);
  return { context, report: String(applied.stdout).trim() };
}
