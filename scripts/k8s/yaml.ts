// Objects as one multi-document YAML stream, as kubectl apply -f takes it; no anchors, so each object reads alone.
import { stringify } from 'yaml';
import type { K8sObject } from './render.js';

export function toYaml(objects: readonly K8sObject[]): string {
  return objects.map((object) => stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
