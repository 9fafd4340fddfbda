// Mode agent: one agent per node (a DaemonSet) instead of a sidecar per pod, started exactly as the harness starts a
// host's agent: the recipe's agentLaunch (the sidecar's program with --apps <file> and the flags its apps share) and the
// apps file the harness writes for a host (agentAppsText), here a ConfigMap mounted where --apps names it.
import { basename } from 'node:path';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { agentAppsFile, agentAppsText, agentLaunch, type AgentHostRecipe } from '../orchestration/recipe.js';
import { IMAGE_ROOT, POD_SECURITY } from './cluster.js';
import { AGENT_NODE_LABEL, nodeFolderOwner, nodeMount, nodeVolume } from './agent-host.js';
import { envList } from './downward.js';
import { POD_GRACE_SECONDS } from './instance-pod.js';
import { labelsOf, selectorOf, type CellRef } from './labels.js';

const AGENT_NAME = 'scl-agent';
const APPS_CONFIGMAP = 'scl-agent-apps';
const APPS_VOLUME = 'apps';

/** The apps file the node's agent reads, under the file name --apps gives. */
export function agentAppsConfigMap(namespace: string, cell: CellRef, host: AgentHostRecipe): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: APPS_CONFIGMAP, namespace, labels: labelsOf(APPS_CONFIGMAP, cell) },
    data: { [basename(agentAppsFile(host))]: agentAppsText(host) },
  };
}

/**
 * The agent: the sidecar's image, on the node's network (its apps are on it, on 127.0.0.1) and in the node's process
 * namespace (it finds each app's pid by its port for the app's /proc metrics), where the labelled nodes are.
 */
export function agentDaemonSet(namespace: string, cell: CellRef, host: AgentHostRecipe, image: string): IDaemonSet {
  const labels = labelsOf(AGENT_NAME, cell);
  const launch = agentLaunch(host, { root: IMAGE_ROOT, node: 'node' });
  const own = host.apps[0]?.sidecarPorts;
  const ports = { admin: own?.admin, egress: own?.egress, api: own?.api };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: AGENT_NAME, namespace, labels },
    spec: {
      selector: { matchLabels: selectorOf(AGENT_NAME) },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          hostPID: true,
          // On the node's network, the pod still resolves the cell's Services (the control plane) through cluster DNS.
          dnsPolicy: 'ClusterFirstWithHostNet',
          nodeSelector: { ...AGENT_NODE_LABEL },
          initContainers: [nodeFolderOwner(image)],
          containers: [
            {
              name: 'agent',
              image,
              command: [launch.command],
              args: launch.args,
              workingDir: launch.cwd,
              env: envList(launch.env),
              // Bound on the node's 127.0.0.1: declared so that no other pod of the node is given them.
              ports: Object.entries(ports).flatMap(([name, port]) =>
                port === undefined ? [] : [{ name, containerPort: port, hostPort: port, protocol: 'TCP' }],
              ),
              volumeMounts: [
                nodeMount,
                { name: APPS_VOLUME, mountPath: agentAppsFile(host), subPath: basename(agentAppsFile(host)), readOnly: true },
              ],
            },
          ],
          volumes: [nodeVolume, { name: APPS_VOLUME, configMap: { name: APPS_CONFIGMAP } }],
          terminationGracePeriodSeconds: POD_GRACE_SECONDS,
          securityContext: { ...POD_SECURITY },
        },
      },
    },
  };
}
