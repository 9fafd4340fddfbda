// The labels every object of a cell carries: which part, mode and language it is, for selectors and `kubectl get -l`.
import type { K8sMode } from './cluster.js';

export interface CellRef {
  mode: K8sMode;
  lang: string;
}

export function labelsOf(name: string, cell: CellRef): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': 'sidecar-lab',
    'sidecar-lab/mode': cell.mode,
    'sidecar-lab/lang': cell.lang,
  };
}

/** What a Deployment and its Service select on: the name alone, unique in the cell's namespace. */
export const selectorOf = (name: string): Record<string, string> => ({ 'app.kubernetes.io/name': name });
