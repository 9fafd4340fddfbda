// Each object checked against the Kubernetes API's schema (KUBERNETES_VERSION) by kubernetes-models' JSON schemas.
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import type { K8sObject } from './render.js';

export interface Invalid {
  object: string;
  message: string;
}

const objectName = (object: K8sObject): string => `${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? '?'}`;

/** The model of the object's kind; a kind this renderer does not make is an error, never passed unchecked. */
function model(object: K8sObject): { validate(): void } {
  switch (object.kind) {
    case 'Namespace':
      return new Namespace(object);
    case 'Service':
      return new Service(object);
    case 'Deployment':
      return new Deployment(object);
    case 'DaemonSet':
      return new DaemonSet(object);
    case 'ConfigMap':
      return new ConfigMap(object);
    default:
      throw new Error(`no schema for kind ${(object as { kind?: string }).kind}`);
  }
}

/** The objects that fail their schema, each with the schema's own message; empty when all are valid. */
export function validateObjects(objects: readonly K8sObject[]): Invalid[] {
  const invalid: Invalid[] = [];
  for (const object of objects) {
    try {
      model(object).validate();
    } catch (error) {
      invalid.push({ object: objectName(object), message: (error as Error).message });
    }
  }
  return invalid;
}
