// The app's and the sidecar's containers: command, arguments and environment as the recipe gives the harness, run from
// IMAGE_ROOT inside the image.
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { LaunchCommand } from '../orchestration/languages.js';
import { appLaunch, sidecarLaunch, type InstanceRecipe, type ProcessLaunch } from '../orchestration/recipe.js';
import { IMAGE_ROOT, INSTANCE_DIR } from './cluster.js';
import { envList } from './downward.js';

export const INSTANCE_VOLUME = 'instance';
const instanceMount: IVolumeMount = { name: INSTANCE_VOLUME, mountPath: INSTANCE_DIR };

function container(name: string, image: string, launch: ProcessLaunch): IContainer {
  return {
    name,
    image,
    command: [launch.command],
    args: launch.args,
    workingDir: launch.cwd,
    env: envList(launch.env),
    volumeMounts: [instanceMount],
  };
}

/** The public port as the Service reaches it, and the readiness the kubelet reads there. */
export function publicPort(recipe: InstanceRecipe): Pick<IContainer, 'ports' | 'readinessProbe'> {
  return {
    ports: [{ name: 'http', containerPort: recipe.publicPort, protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 2, failureThreshold: 3 },
  };
}

/**
 * The app. Behind a sidecar it binds 127.0.0.1, which the kubelet cannot probe: the pod's readiness is then the
 * sidecar's ingress, which answers 503 until the app is healthy, configured and registered (spec/sidecar-cli.md).
 */
export function appContainer(recipe: InstanceRecipe, start: LaunchCommand, image: string): IContainer {
  const app = container('app', image, appLaunch(recipe, start, IMAGE_ROOT));
  return recipe.sidecarPorts === undefined ? { ...app, ...publicPort(recipe) } : app;
}

/**
 * The sidecar as a native sidecar (Kubernetes 1.29+): an init container with restartPolicy Always starts before the
 * app and is stopped after it, the order the harness keeps (instance.ts stops the app first, the sidecar last). No
 * startupProbe: the kubelet would wait on it before starting the app, and the sidecar is ready only once the app is.
 */
export function sidecarContainer(recipe: InstanceRecipe, image: string): IContainer {
  return {
    ...container('sidecar', image, sidecarLaunch(recipe, { root: IMAGE_ROOT, node: 'node' })),
    restartPolicy: 'Always',
    ...publicPort(recipe),
  };
}
