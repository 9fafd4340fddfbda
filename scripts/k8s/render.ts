// A cell (mode x language) as Kubernetes objects: its namespace, the control plane, the agent in mode agent, and a
// Deployment and a Service per service, each pod from the recipe the harness starts its processes with.
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import { readLaunch } from '../orchestration/languages.js';
import type { AgentHostRecipe } from '../orchestration/recipe.js';
import { agentAppsConfigMap, agentDaemonSet } from './agent.js';
import { AGENT_APP_STRATEGY, agentAppPod } from './agent-app-pod.js';
import { agentHostRecipe } from './agent-host.js';
import { type Images, type K8sMode, namespaceOf, SERVICES, type ServiceName, serviceImage, sidecarImage } from './cluster.js';
import { controlplaneWorkload } from './controlplane.js';
import { instancePod } from './instance-pod.js';
import { labelsOf, type CellRef } from './labels.js';
import { podRecipe } from './pod-recipe.js';
import { deployment, service, type Workload } from './workload.js';

export type K8sObject = INamespace | IDeployment | IService | IDaemonSet | IConfigMap;

export interface RenderedCell extends CellRef {
  namespace: string;
  objects: K8sObject[];
}

/** A service's Deployment and Service: its pod from the recipe, in mode agent the node's app as its agent's apps file has it. */
async function serviceWorkload(
  cell: CellRef,
  namespace: string,
  name: ServiceName,
  images: Images,
  host: AgentHostRecipe | undefined,
): Promise<Workload> {
  const { start } = await readLaunch(cell.lang);
  const podImages = { app: serviceImage(images, cell.lang), sidecar: sidecarImage(images) };
  const onNode = host?.apps.find((app) => app.service === name);
  if (onNode !== undefined)
    return { name, namespace, cell, pod: agentAppPod(onNode, start, podImages), port: onNode.publicPort, strategy: AGENT_APP_STRATEGY };
  const recipe = await podRecipe(cell.lang, name, cell.mode);
  return { name, namespace, cell, pod: instancePod(recipe, start, podImages), port: recipe.publicPort };
}

export async function renderCell(cell: CellRef, images: Images): Promise<RenderedCell> {
  const namespace = namespaceOf(cell.mode, cell.lang);
  // Mode agent: the node is the host, its agent and apps from the one recipe of a host the harness starts.
  const host = cell.mode === 'agent' ? await agentHostRecipe(cell.lang) : undefined;
  const workloads: Workload[] = [];
  // Mode none has no registry, config or log collector: no control plane, as in the harness.
  if (cell.mode !== 'none') workloads.push(controlplaneWorkload(namespace, cell, sidecarImage(images)));
  for (const name of SERVICES) workloads.push(await serviceWorkload(cell, namespace, name, images, host));
  const objects: K8sObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: labelsOf(namespace, cell) } },
    ...(host !== undefined ? [agentAppsConfigMap(namespace, cell, host), agentDaemonSet(namespace, cell, host, sidecarImage(images))] : []),
    ...workloads.flatMap((workload) => [deployment(workload), service(workload)]),
  ];
  return { ...cell, namespace, objects };
}

/** Every cell of modes x languages, in that order. */
export async function renderPlan(modes: readonly K8sMode[], langs: readonly string[], images: Images): Promise<RenderedCell[]> {
  const cells: RenderedCell[] = [];
  for (const mode of modes) for (const lang of langs) cells.push(await renderCell({ mode, lang }, images));
  return cells;
}
