// The pod of one service instance in modes none, library and sidecar: the app, and in sidecar mode its native sidecar.
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { LaunchCommand } from '../orchestration/languages.js';
import { SIGTERM_GRACE_SECONDS } from '../orchestration/instance.js';
import type { InstanceRecipe } from '../orchestration/recipe.js';
import { POD_SECURITY } from './cluster.js';
import { appContainer, INSTANCE_VOLUME, sidecarContainer } from './containers.js';

export interface PodImages {
  app: string;
  sidecar: string;
}

/**
 * The app drains first, then the sidecar, one after the other within the pod's one grace period: each gets the
 * harness's own grace.
 */
export const POD_GRACE_SECONDS = 2 * SIGTERM_GRACE_SECONDS;

export function instancePod(recipe: InstanceRecipe, start: LaunchCommand, images: PodImages): IPodSpec {
  const withSidecar = recipe.sidecarPorts !== undefined;
  return {
    ...(withSidecar
      ? {
          initContainers: [sidecarContainer(recipe, images.sidecar)],
          // The sidecar reads its app's CPU and memory from /proc and finds it by its port (spec/sidecar-cli.md).
          shareProcessNamespace: true,
        }
      : {}),
    containers: [appContainer(recipe, start, images.app)],
    volumes: [{ name: INSTANCE_VOLUME, emptyDir: {} }],
    terminationGracePeriodSeconds: POD_GRACE_SECONDS,
    securityContext: { ...POD_SECURITY },
  };
}
