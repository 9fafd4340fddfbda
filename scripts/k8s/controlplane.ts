// The control plane as its own Deployment and Service: the same entry point the harness starts, on a fixed port.
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { CONTROLPLANE_ENTRY } from '../orchestration/controlplane.js';
import { CONTROLPLANE_NAME, CONTROLPLANE_PORT, IMAGE_ROOT, POD_SECURITY } from './cluster.js';
import type { CellRef } from './labels.js';
import type { Workload } from './workload.js';

export function controlplaneWorkload(namespace: string, cell: CellRef, image: string): Workload {
  const pod: IPodSpec = {
    securityContext: { ...POD_SECURITY },
    containers: [
      {
        name: CONTROLPLANE_NAME,
        image,
        command: ['node'],
        // Bound to every address of the pod: its clients are other pods, not one host's processes as in the harness.
        args: [`${IMAGE_ROOT}/${CONTROLPLANE_ENTRY}`, '--host', '0.0.0.0', '--port', String(CONTROLPLANE_PORT)],
        workingDir: IMAGE_ROOT,
        ports: [{ name: 'http', containerPort: CONTROLPLANE_PORT, protocol: 'TCP' }],
        readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 2 },
      },
    ],
  };
  return { name: CONTROLPLANE_NAME, namespace, cell, pod, port: CONTROLPLANE_PORT };
}
