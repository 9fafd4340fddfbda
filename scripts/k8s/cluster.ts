// The fixed choices of a cell on Kubernetes: the API version the manifests are checked against, and where a pod keeps
// its files and ports. Everything else (commands, arguments, environment) comes from scripts/orchestration/recipe.ts.

/**
 * The Kubernetes API the manifests are validated against: the schema of kubernetes-models 4.5.x (the last line that
 * installs on Node 20). A cluster must be 1.29 or newer: native sidecars (an init container with restartPolicy Always)
 * are on by default from 1.29 (beta), GA in 1.33.
 */
export const KUBERNETES_VERSION = '1.33.0';
export const MIN_KUBERNETES_VERSION = '1.29';

/** Every image keeps the repository's tree at this path, so a launch file's relative paths resolve as in the harness. */
export const IMAGE_ROOT = '/app';
/** The instance's folder (data, log file, config file, the sidecar's state), an emptyDir shared by app and sidecar. */
export const INSTANCE_DIR = '/var/lib/scl';
/** Ports are picked in order from here, by the recipe's own instancePorts: every pod has its own network namespace. */
export const FIRST_PORT = 8080;
export const CONTROLPLANE_PORT = 7000;
export const CONTROLPLANE_NAME = 'controlplane';

/**
 * Every container of a pod runs as one user, the images' own (deploy/docker): the sidecar reads its app's /proc
 * entries, which needs the same user, and fsGroup makes the shared emptyDir writable by both.
 */
export const POD_SECURITY = { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532 } as const;

/** The three services of spec/services.openapi.yaml; web calls the other two. */
export const SERVICES = ['web', 'customers', 'payment'] as const;
export type ServiceName = (typeof SERVICES)[number];
export const PEERS_OF: Readonly<Record<ServiceName, readonly ServiceName[]>> = {
  web: ['customers', 'payment'],
  customers: [],
  payment: [],
};

/**
 * The harness's feature modes, and agent (one agent per node serving the node's apps, agent.ts). Mode native is not
 * rendered: haproxy.ts writes a config bound to 127.0.0.1 for one host, and a pod's HAProxy would need its own.
 */
export const K8S_MODES = ['none', 'library', 'sidecar', 'agent'] as const;
export type K8sMode = (typeof K8S_MODES)[number];

/** Where the images are pushed (docs/kubernetes.md): `<registry>/scl-<lang>:<tag>` and `<registry>/scl-sidecar:<tag>`. */
export interface Images {
  registry: string;
  tag: string;
}

export const DEFAULT_IMAGES: Images = { registry: 'localhost:5000/sidecar-lab', tag: 'dev' };

export const serviceImage = (images: Images, lang: string): string => `${images.registry}/scl-${lang}:${images.tag}`;
/** The Node image of the sidecar, which also holds the control plane (deploy/docker/sidecar.Dockerfile). */
export const sidecarImage = (images: Images): string => `${images.registry}/scl-sidecar:${images.tag}`;

/**
 * One namespace per cell (mode x language), as the harness gives each cell its own control plane: registry names are
 * service names (`customers`), so two languages in one registry would answer for each other.
 */
export const namespaceOf = (mode: K8sMode, lang: string): string => `scl-${mode}-${lang}`;

/** The control plane's Service, by its DNS name inside the cell's namespace. */
export const controlplaneUrl = (): string => `http://${CONTROLPLANE_NAME}:${CONTROLPLANE_PORT}`;
