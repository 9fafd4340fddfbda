// Mode agent, PROVISIONAL: one sidecar per node (a DaemonSet) instead of one per pod. Another engineer is adding mode
// agent to the harness on another branch; until it lands, everything this renderer assumes about it (the agent's
// flags, its ports, where the apps' files are) is in this one file, to be aligned with that branch's recipe then.
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { LaunchCommand } from '../orchestration/languages.js';
import { SIDECAR_ENTRY, type InstanceRecipe } from '../orchestration/recipe.js';
import { controlplaneUrl, IMAGE_ROOT, type ServiceName } from './cluster.js';
import { appContainer, INSTANCE_VOLUME, publicPort } from './containers.js';
import { DOWNWARD_ENV, HOST_IP, POD_IP, POD_NAME } from './downward.js';
import { POD_GRACE_SECONDS } from './instance-pod.js';
import { labelsOf, selectorOf, type CellRef } from './labels.js';
import { podRecipe } from './pod-recipe.js';

/**
 * The agent's listeners on the node (hostNetwork): the apps reach them at the node's IP (status.hostIP). Fixed ports
 * on the node: one agent cell at a time per cluster, as a second cell's agents could not bind them.
 */
const AGENT_PORTS = { admin: 15000, egress: 15001, api: 15002 } as const;
/** On the node: one folder per app pod (its log and config files), which the agent reads and writes. */
const AGENT_DIR = '/var/lib/scl-agent';
const AGENT_NAME = 'scl-agent';
const PROVISIONAL = { 'sidecar-lab/provisional': 'mode agent: align with the harness mode agent once it lands' };

/**
 * The app has sidecar mode's glue (log file, config file, egress, local API), with the agent on the node's IP instead
 * of a sidecar on 127.0.0.1, and no ingress hop: it binds its public port on the pod's IP itself.
 */
export async function agentRecipe(lang: string, service: ServiceName): Promise<InstanceRecipe> {
  const recipe = await podRecipe(lang, service, 'sidecar');
  return {
    ...recipe,
    sidecarPorts: { app: recipe.publicPort, ...AGENT_PORTS },
    env: {
      ...recipe.env,
      SCL_HOST: POD_IP,
      SCL_EGRESS_URL: `http://${HOST_IP}:${AGENT_PORTS.egress}`,
      SCL_SIDECAR_API_URL: `http://${HOST_IP}:${AGENT_PORTS.api}`,
    },
  };
}

/**
 * The app's pod: its files on the node, in a folder of its own (subPathExpr), where the agent finds them. Not yet
 * settled: the kubelet creates that folder as root, and app and agent run as the images' user, who cannot write it,
 * until the agent's branch says how it shares files with the apps.
 */
export function agentAppPod(recipe: InstanceRecipe, start: LaunchCommand, image: string): IPodSpec {
  const app = appContainer(recipe, start, image);
  const mounts = (app.volumeMounts ?? []).map((mount) => ({ ...mount, subPathExpr: POD_NAME }));
  return {
    containers: [{ ...app, volumeMounts: mounts, ...publicPort(recipe) }],
    volumes: [{ name: INSTANCE_VOLUME, hostPath: { path: AGENT_DIR, type: 'DirectoryOrCreate' } }],
    terminationGracePeriodSeconds: POD_GRACE_SECONDS,
  };
}

/** The agent: the sidecar's image and entry point, one per node, on the node's network. */
export function agentDaemonSet(namespace: string, cell: CellRef, image: string): IDaemonSet {
  const labels = labelsOf(AGENT_NAME, cell);
  const args = [
    `${IMAGE_ROOT}/${SIDECAR_ENTRY}`,
    '--agent',
    '--public-host',
    HOST_IP,
    '--admin-port',
    String(AGENT_PORTS.admin),
    '--egress-port',
    String(AGENT_PORTS.egress),
    '--api-port',
    String(AGENT_PORTS.api),
    '--controlplane',
    controlplaneUrl(),
    '--data-dir',
    `${AGENT_DIR}/.agent`,
  ];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: AGENT_NAME, namespace, labels, annotations: PROVISIONAL },
    spec: {
      selector: { matchLabels: selectorOf(AGENT_NAME) },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          // On the host's network, the pod still resolves the cell's Services (the control plane) through cluster DNS.
          dnsPolicy: 'ClusterFirstWithHostNet',
          containers: [
            {
              name: 'agent',
              image,
              command: ['node'],
              args,
              workingDir: IMAGE_ROOT,
              env: [...DOWNWARD_ENV],
              ports: Object.entries(AGENT_PORTS).map(([name, port]) => ({ name, containerPort: port, hostPort: port, protocol: 'TCP' })),
              volumeMounts: [{ name: 'apps', mountPath: AGENT_DIR }],
            },
          ],
          volumes: [{ name: 'apps', hostPath: { path: AGENT_DIR, type: 'DirectoryOrCreate' } }],
          terminationGracePeriodSeconds: POD_GRACE_SECONDS,
        },
      },
    },
  };
}
