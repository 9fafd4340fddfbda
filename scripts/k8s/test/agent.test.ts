// Mode agent on Kubernetes: the DaemonSet runs the agent with a command line the sidecar's own parser accepts, its apps
// file (the ConfigMap) is one the agent's own parser reads, and the apps it names are the app pods of the node.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';
import { parseFeatureList } from '../../../library/ts/src/feature.js';
import { parseCommandLine } from '../../../sidecar/src/agent-cli.js';
import { agentLaunch, SIDECAR_ENTRY, type AgentHostRecipe } from '../../orchestration/recipe.js';
import { DEFAULT_IMAGES, SERVICES } from '../cluster.js';
import { AGENT_NODE_LABEL, NODE_DIR } from '../agent-host.js';
import { renderCell } from '../render.js';
import { validateObjects } from '../validate.js';

const cell = await renderCell({ mode: 'agent', lang: 'go' }, DEFAULT_IMAGES);
const daemonSet = cell.objects.find((object): object is IDaemonSet => object.kind === 'DaemonSet')!;
const configMap = cell.objects.find((object): object is IConfigMap => object.kind === 'ConfigMap')!;
const agentPod = daemonSet.spec!.template.spec!;
const agent = agentPod.containers[0]!;
const deployments = cell.objects.filter((object): object is IDeployment => object.kind === 'Deployment');
const services = cell.objects.filter((object): object is IService => object.kind === 'Service');
const appPod = (name: string) => deployments.find((one) => one.metadata?.name === name)!.spec!.template.spec!;
const envOf = (container: IContainer) => Object.fromEntries((container.env ?? []).map((entry) => [entry.name, entry.value]));
const flag = (args: readonly string[], name: string) => args[args.indexOf(name) + 1];

/**
 * The DaemonSet's command line through the sidecar's own parser (agent-cli.ts), its --apps file the ConfigMap's content
 * written where this test can read it: what the agent would do with them when it starts.
 */
function parseAgent(extra: readonly string[] = []) {
  const [entry, ...args] = agent.args!;
  expect(entry).toBe(`/app/${SIDECAR_ENTRY}`);
  const dir = mkdtempSync(join(tmpdir(), 'scl-k8s-agent-'));
  const [[key, text]] = Object.entries(configMap.data!) as [[string, string]];
  writeFileSync(join(dir, key), text);
  const local = args.map((arg, index) => (args[index - 1] === '--apps' ? join(dir, key) : arg));
  return parseCommandLine([...local, ...extra], parseFeatureList(undefined));
}

describe('mode agent: the harness agent on a node', () => {
  it('renders objects valid against the Kubernetes API schema, a ConfigMap among them', () => {
    expect(cell.objects.map((object) => object.kind)).toEqual(expect.arrayContaining(['ConfigMap', 'DaemonSet']));
    expect(validateObjects(cell.objects)).toEqual([]);
  });

  it("passes the agent arguments the sidecar's own parser accepts, with the ConfigMap as its apps file", () => {
    const parsed = parseAgent();
    expect(parsed?.kind).toBe('agent');
    if (parsed?.kind !== 'agent') return;
    expect(parsed.options.apps.map((app) => [app.service, app.publicHost, app.appLang])).toEqual(
      SERVICES.map((name) => [name, '$(HOST_IP)', 'go']),
    );
    // A flag the sidecar does not have is refused by the same parser: what the provisional DaemonSet passed.
    expect(() => parseAgent(['--agent'])).toThrow(/SCL_ERR_BAD_FLAG|--agent/);
  });

  it('mounts the ConfigMap where --apps names it, and runs the command line of the harness agent', () => {
    const apps = flag(agent.args!, '--apps');
    const mount = agent.volumeMounts!.find((one) => one.mountPath === apps)!;
    const volume = agentPod.volumes!.find((one) => one.name === mount.name)!;
    expect(volume.configMap?.name).toBe(configMap.metadata!.name);
    expect(Object.keys(configMap.data!)).toEqual([mount.subPath]);
    // The harness's own agent of a host, with the node's IP for the address its ingress binds and advertises.
    const harness: AgentHostRecipe = { dir: '/tmp/run/agent', controlplaneUrl: 'http://127.0.0.1:7000', apps: [], env: {} };
    const flagsOf = (args: readonly string[]) => args.filter((arg) => arg.startsWith('--'));
    const first = { lang: 'go', service: 'web', mode: 'agent' as const, instanceId: 'web-1', dir: '/tmp/run/web-1', publicPort: 1 };
    const harnessArgs = agentLaunch(
      { ...harness, apps: [{ ...first, sidecarPorts: { app: 2, admin: 3, egress: 4, api: 5 } }] },
      { root: '/repo' },
    ).args;
    expect(flagsOf(agent.args!)).toEqual([...flagsOf(harnessArgs).slice(0, 1), '--public-host', ...flagsOf(harnessArgs).slice(1)]);
    expect(flag(agent.args!, '--public-host')).toBe('$(HOST_IP)');
    expect(agent.env?.find((entry) => entry.name === 'HOST_IP')?.valueFrom?.fieldRef?.fieldPath).toBe('status.hostIP');
  });

  it('names the app pods of the node: the ports, files and id each app has, the Service on its public port', () => {
    const parsed = parseAgent();
    if (parsed?.kind !== 'agent') throw new Error('not an agent');
    const { egressPort, api } = parsed.options;
    for (const app of parsed.options.apps) {
      const container = appPod(app.service).containers[0]!;
      const env = envOf(container);
      expect([env.SCL_INSTANCE_ID, env.SCL_PUBLIC_PORT, env.SCL_PRIVATE_PORT]).toEqual([
        app.instanceId,
        String(app.publicPort),
        String(app.appPort),
      ]);
      expect([env.SCL_LOG_FILE, env.SCL_CONFIG_FILE]).toEqual([app.logFile, app.configFile]);
      // The app reaches the agent as a sidecar's app does: on 127.0.0.1, its local API under its own path.
      expect(env.SCL_HOST).toBe('127.0.0.1');
      expect(env.SCL_EGRESS_URL).toBe(`http://127.0.0.1:${egressPort}`);
      expect(env.SCL_SIDECAR_API_URL).toBe(`http://127.0.0.1:${(api[0] as { port: number }).port}/apps/${app.instanceId}`);
      const service = services.find((one) => one.metadata?.name === app.service)!;
      expect(service.spec?.ports?.[0]?.targetPort).toBe(app.publicPort);
      // Ready when the agent answers for it on its public port; its own port reserved on the node.
      expect(container.readinessProbe?.httpGet?.port).toBe('http');
      expect(container.ports?.map((port) => [port.name, port.containerPort])).toEqual([
        ['http', app.publicPort],
        ['private', app.appPort],
      ]);
    }
  });

  it('shares the node with its apps: its network, its folder at one path, the labelled nodes; the agent its processes too', () => {
    for (const pod of [agentPod, ...SERVICES.map(appPod)]) {
      expect([pod.hostNetwork, pod.dnsPolicy, pod.nodeSelector]).toEqual([true, 'ClusterFirstWithHostNet', AGENT_NODE_LABEL]);
      expect(pod.volumes?.find((one) => one.hostPath !== undefined)?.hostPath?.path).toBe(NODE_DIR);
      for (const container of pod.containers) expect(container.volumeMounts?.some((one) => one.mountPath === NODE_DIR)).toBe(true);
      // The node's folder is handed to the images' user before anything writes it.
      expect(pod.initContainers?.map((one) => [one.name, one.command?.slice(-2)])).toEqual([
        ['node-folder', [NODE_DIR, `${NODE_DIR}/agent`]],
      ]);
    }
    expect(agentPod.hostPID).toBe(true);
    expect(SERVICES.map((name) => appPod(name).hostPID)).toEqual([undefined, undefined, undefined]);
    const parsed = parseAgent();
    if (parsed?.kind !== 'agent') throw new Error('not an agent');
    for (const app of parsed.options.apps)
      for (const file of [app.logFile!, app.configFile!, app.dataDir]) expect(file.startsWith(`${NODE_DIR}/`)).toBe(true);
    // Every port of the node's pods is its own, and an app's new pod waits for the old one to free them.
    const ports = [agentPod, ...SERVICES.map(appPod)].flatMap((pod) =>
      pod.containers.flatMap((container) => (container.ports ?? []).map((port) => port.containerPort)),
    );
    expect(new Set(ports).size).toBe(ports.length);
    for (const deployment of deployments.filter((one) => one.metadata?.name !== 'controlplane'))
      expect(deployment.spec?.strategy).toEqual({ type: 'Recreate' });
  });
});
