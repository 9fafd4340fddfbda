// Mode agent on Kubernetes: a node is the host. The harness's agent serves the apps of its host on the host's network
// (it proxies to each app on 127.0.0.1, and binds its admin, ambassador and API listeners there), so here the apps share
// the node's network (hostNetwork) with the node's agent, on fixed ports, and keep their files in the node's folder.
// The apps file is static: the apps it lists run on the nodes labelled AGENT_NODE_LABEL; finding the pods of a node is
// not built (docs/kubernetes.md, "Mode agent").
import { join } from 'node:path';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { instancePorts, type AgentHostRecipe, type InstanceRecipe } from '../orchestration/recipe.js';
import { controlplaneUrl, POD_SECURITY, SERVICES } from './cluster.js';
import { HOST_IP } from './downward.js';

/** The agent's admin, egress and API ports, then each app's public and private one, from here on the node's network. */
const FIRST_NODE_PORT = 15000;
/** On the node: the agent's folder (`agent/`: its apps file and state) and one folder per app (its data, log and config). */
export const NODE_DIR = '/var/lib/scl-agent';
const AGENT_DIR = join(NODE_DIR, 'agent');
const NODE_VOLUME = 'node';
/** The nodes an agent cell runs on: the apps file names its apps, so they go where their agent is. */
export const AGENT_NODE_LABEL: Readonly<Record<string, string>> = { 'sidecar-lab/agent-host': 'true' };

/** On the node's network, ports are the node's: one at a time, from FIRST_NODE_PORT. */
function nodePorts(): () => Promise<number> {
  let next = FIRST_NODE_PORT;
  return async () => next++;
}

/**
 * The node as the harness's AgentHostRecipe: one app per service, each with its own ports and folder, the agent on the
 * node's IP. An app's instance id is fixed (`web-1`), not its pod's name: the apps file is written before any pod exists.
 */
export async function agentHostRecipe(lang: string): Promise<AgentHostRecipe> {
  const pick = nodePorts();
  const shared = { admin: await pick(), egress: await pick(), api: await pick() };
  const apps: InstanceRecipe[] = [];
  for (const service of SERVICES) {
    const instanceId = `${service}-1`;
    apps.push({
      lang,
      service,
      mode: 'agent',
      instanceId,
      controlplaneUrl: controlplaneUrl(),
      dir: join(NODE_DIR, instanceId),
      ...(await instancePorts('agent', pick, undefined, shared)),
    });
  }
  return { dir: AGENT_DIR, controlplaneUrl: controlplaneUrl(), apps, env: {}, host: HOST_IP };
}

/** The node's folder, the same path in the agent's pod and every app's, so the apps file's paths hold in both. */
export const nodeVolume: IVolume = { name: NODE_VOLUME, hostPath: { path: NODE_DIR, type: 'DirectoryOrCreate' } };
export const nodeMount: IVolumeMount = { name: NODE_VOLUME, mountPath: NODE_DIR };

/**
 * The kubelet creates a hostPath folder as root; app and agent write it as the images' user. This init container, in
 * the agent's pod and each app's (whichever starts first), makes the node's folder and the agent's (where its apps file
 * is mounted) that user's: the one step of the cell that runs as root (coreutils' install, in the Node image).
 */
export function nodeFolderOwner(image: string): IContainer {
  const { runAsUser, runAsGroup } = POD_SECURITY;
  return {
    name: 'node-folder',
    image,
    command: ['install', '-d', '-o', String(runAsUser), '-g', String(runAsGroup), NODE_DIR, AGENT_DIR],
    volumeMounts: [nodeMount],
    securityContext: { runAsUser: 0, runAsNonRoot: false },
  };
}
