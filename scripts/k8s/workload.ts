// One Deployment and its Service: the shape shared by the three services and the control plane.
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IDeploymentStrategy } from 'kubernetes-models/apps/v1/DeploymentStrategy';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IService } from 'kubernetes-models/v1/Service';
import { labelsOf, selectorOf, type CellRef } from './labels.js';

export interface Workload {
  name: string;
  namespace: string;
  cell: CellRef;
  pod: IPodSpec;
  /** The Service's port, sent to the same port of the pod. */
  port: number;
  /** How a new pod replaces the old one; Kubernetes' default (a rolling update) when absent. */
  strategy?: IDeploymentStrategy;
}

export function deployment(workload: Workload): IDeployment {
  const { name, namespace, cell, pod, strategy } = workload;
  const labels = labelsOf(name, cell);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      ...(strategy !== undefined ? { strategy } : {}),
      selector: { matchLabels: selectorOf(name) },
      template: { metadata: { labels }, spec: pod },
    },
  };
}

export function service(workload: Workload): IService {
  const { name, namespace, cell, port } = workload;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: labelsOf(name, cell) },
    spec: { selector: selectorOf(name), ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }] },
  };
}
