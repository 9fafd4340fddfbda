// An app in mode agent: exactly as in sidecar mode (the recipe's environment), on the node's network beside the node's
// agent, which holds its public port and reaches it on 127.0.0.1, its files in its folder of the node.
import type { IDeploymentStrategy } from 'kubernetes-models/apps/v1/DeploymentStrategy';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { LaunchCommand } from '../orchestration/languages.js';
import type { InstanceRecipe } from '../orchestration/recipe.js';
import { POD_SECURITY } from './cluster.js';
import { appContainer, publicPort } from './containers.js';
import { AGENT_NODE_LABEL, nodeFolderOwner, nodeMount, nodeVolume } from './agent-host.js';
import { POD_GRACE_SECONDS, type PodImages } from './instance-pod.js';

/** Its ports are the node's: a new pod cannot start beside the old one, so the old one goes first. */
export const AGENT_APP_STRATEGY: IDeploymentStrategy = { type: 'Recreate' };

/**
 * The pod's readiness is read on its public port, where the node's agent answers for it (503 until the app is
 * healthy, configured and registered), as the sidecar's ingress does in sidecar mode. The app's own private port is
 * declared too, so that no other pod of the node is given it.
 */
export function agentAppPod(recipe: InstanceRecipe, start: LaunchCommand, images: PodImages): IPodSpec {
  const app = appContainer(recipe, start, images.app);
  const { ports = [], readinessProbe } = publicPort(recipe);
  const privatePort = recipe.sidecarPorts?.app;
  return {
    hostNetwork: true,
    dnsPolicy: 'ClusterFirstWithHostNet',
    nodeSelector: { ...AGENT_NODE_LABEL },
    initContainers: [nodeFolderOwner(images.sidecar)],
    containers: [
      {
        ...app,
        volumeMounts: [nodeMount],
        ports: [
          ...ports,
          ...(privatePort === undefined ? [] : [{ name: 'private', containerPort: privatePort, protocol: 'TCP' as const }]),
        ],
        ...(readinessProbe !== undefined ? { readinessProbe } : {}),
      },
    ],
    volumes: [nodeVolume],
    terminationGracePeriodSeconds: POD_GRACE_SECONDS,
    securityContext: { ...POD_SECURITY },
  };
}
