// An instance's recipe as a pod runs it: the harness's InstanceRecipe with the pod's name, IP and fixed ports.
import { instancePorts, peersEnv, type InstanceRecipe, type Mode } from '../orchestration/recipe.js';
import { controlplaneUrl, FIRST_PORT, INSTANCE_DIR, PEERS_OF, type ServiceName } from './cluster.js';
import { POD_IP, POD_NAME } from './downward.js';

/** The recipe's ports, picked by its own instancePorts (which ports a mode has is its decision) from FIRST_PORT on. */
async function podPorts(mode: Mode): Promise<Pick<InstanceRecipe, 'publicPort' | 'sidecarPorts' | 'nativePorts'>> {
  let next = FIRST_PORT;
  return instancePorts(mode, async () => next++);
}

/** Mode none has no registry: a peer is its Service's DNS name in the cell's namespace, on the public port. */
function peers(service: ServiceName): Record<string, string> {
  return Object.fromEntries(PEERS_OF[service].map((peer) => [peer, `http://${peer}:${FIRST_PORT}`]));
}

export async function podRecipe(lang: string, service: ServiceName, mode: Mode): Promise<InstanceRecipe> {
  const noRegistry = mode === 'none';
  return {
    lang,
    service,
    mode,
    instanceId: POD_NAME,
    ...(noRegistry ? {} : { controlplaneUrl: controlplaneUrl() }),
    dir: INSTANCE_DIR,
    host: POD_IP,
    ...(await podPorts(mode)),
    ...(noRegistry && PEERS_OF[service].length > 0 ? { env: peersEnv(peers(service)) } : {}),
  };
}
