// `npm run k8s` flags, checked strictly: a bad flag or value is SCL_ERR_BAD_FLAG naming the valid ones.
import { parseArgs } from 'node:util';
import { HarnessError } from '../orchestration/errors.js';
import { knownLanguages } from '../orchestration/languages.js';
import { DEFAULT_IMAGES, type Images, K8S_MODES, type K8sMode, KUBERNETES_VERSION, MIN_KUBERNETES_VERSION } from './cluster.js';

export interface K8sOptions {
  modes: K8sMode[];
  langs: string[];
  /** A folder to write `<mode>-<lang>.yaml` to; without it the manifests go to standard output. */
  out: string | undefined;
  images: Images;
  apply: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run k8s -- [flags]

Renders the cells (mode x language) as Kubernetes manifests from the recipe the harness starts processes with,
checked against the Kubernetes ${KUBERNETES_VERSION} API schema; a cluster must be ${MIN_KUBERNETES_VERSION} or newer (native sidecars).

  --mode <list>      ${K8S_MODES.join(', ')} (default: all); agent runs on nodes labelled sidecar-lab/agent-host=true
  --langs <list>     ${knownLanguages().join(', ')} (default: all)
  --out <folder>     write one file per cell, <mode>-<lang>.yaml (default: standard output)
  --registry <name>  where the images are pushed (default ${DEFAULT_IMAGES.registry})
  --tag <tag>        the images' tag (default ${DEFAULT_IMAGES.tag})
  --apply            apply the manifests to kubectl's current context (docs/kubernetes.md)
  --help             this text`;

const FLAGS = {
  mode: { type: 'string' },
  langs: { type: 'string' },
  out: { type: 'string' },
  registry: { type: 'string' },
  tag: { type: 'string' },
  apply: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const badFlag = (message: string): HarnessError => new HarnessError('SCL_ERR_BAD_FLAG', message);

function list<T extends string>(flag: string, raw: string | undefined, valid: readonly T[]): T[] {
  if (raw === undefined) return [...valid];
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = items.filter((item) => !valid.includes(item as T));
  if (items.length === 0 || unknown.length > 0)
    throw badFlag(
      `--${flag}: ${unknown.length > 0 ? `unknown value "${unknown.join('", "')}"` : 'empty list'}; valid values: ${valid.join(', ')}`,
    );
  return [...new Set(items as T[])];
}

/** The flags' values, as parseArgs types them; a flag it refuses is SCL_ERR_BAD_FLAG listing the valid ones. */
function flagValues(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const valid = Object.keys(FLAGS)
      .map((name) => `--${name}`)
      .join(', ');
    throw badFlag(`${(error as Error).message.split('\n')[0]}; valid flags: ${valid}`);
  }
}

export function parseK8sOptions(args: readonly string[]): K8sOptions {
  const values = flagValues(args);
  return {
    modes: list('mode', values.mode, K8S_MODES),
    langs: list('langs', values.langs, knownLanguages()),
    out: values.out,
    images: { registry: values.registry ?? DEFAULT_IMAGES.registry, tag: values.tag ?? DEFAULT_IMAGES.tag },
    apply: values.apply ?? false,
    help: values.help ?? false,
  };
}
