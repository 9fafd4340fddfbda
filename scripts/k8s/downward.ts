// The pod's own name and addresses, from the downward API: the recipe is given `$(POD_NAME)` and `$(POD_IP)` where the
// harness gives an instance id and 127.0.0.1, and Kubernetes expands them in env values and args.
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';

export const POD_NAME = '$(POD_NAME)';
export const POD_IP = '$(POD_IP)';
export const HOST_IP = '$(HOST_IP)';

const fieldEnv = (name: string, fieldPath: string): IEnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });

/** First in every container's env: a variable may refer only to those defined before it. */
export const DOWNWARD_ENV: readonly IEnvVar[] = [
  fieldEnv('POD_NAME', 'metadata.name'),
  fieldEnv('POD_IP', 'status.podIP'),
  fieldEnv('HOST_IP', 'status.hostIP'),
];

/** The downward variables, then the recipe's, in its order. */
export function envList(env: Readonly<Record<string, string>>): IEnvVar[] {
  return [...DOWNWARD_ENV, ...Object.entries(env).map(([name, value]) => ({ name, value }))];
}
