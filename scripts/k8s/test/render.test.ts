// The manifests of every mode x language: valid against the Kubernetes API schema, the sidecar ordered as a native
// sidecar, and the env and ports the start contract asks for, consistent across app, sidecar and Services.
import { describe, expect, it } from 'vitest';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';
import { readLaunch } from '../../orchestration/languages.js';
import { instanceEnv, instancePorts, sidecarLaunch, type InstanceRecipe, type Mode } from '../../orchestration/recipe.js';
import { DEFAULT_IMAGES, K8S_MODES, KUBERNETES_VERSION, SERVICES } from '../cluster.js';
import { type K8sObject, renderPlan, type RenderedCell } from '../render.js';
import { validateObjects } from '../validate.js';

// Languages of different kinds of start command: node, a compiled binary, an interpreter in a venv, a JVM.
const LANGS = ['ts', 'go', 'python', 'java'];
const cells = await renderPlan(K8S_MODES, LANGS, DEFAULT_IMAGES);

const deployments = (cell: RenderedCell) => cell.objects.filter((object): object is IDeployment => object.kind === 'Deployment');
const servicesOf = (cell: RenderedCell) => cell.objects.filter((object): object is IService => object.kind === 'Service');
const cellOf = (mode: string, lang: string) => cells.find((cell) => cell.mode === mode && cell.lang === lang) as RenderedCell;
const podOf = (cell: RenderedCell, name: string) => deployments(cell).find((d) => d.metadata?.name === name)?.spec?.template.spec;
/** The plain values of a container's env (the downward API's entries have none). */
const envOf = (container: IContainer) => Object.fromEntries((container.env ?? []).map((entry) => [entry.name, entry.value]));
const flag = (container: IContainer, name: string) => container.args?.[(container.args?.indexOf(name) ?? -2) + 1];

describe(`manifests, validated against the Kubernetes ${KUBERNETES_VERSION} API schema`, () => {
  it('renders every mode x language, and every object is valid', () => {
    const objects = cells.flatMap((cell) => cell.objects);
    expect(cells).toHaveLength(K8S_MODES.length * LANGS.length);
    // Per cell: a namespace, 3 services x (Deployment + Service), the control plane's pair outside mode none, and in
    // mode agent the agent's DaemonSet and its apps file's ConfigMap.
    expect(objects.length).toBe(
      cells.reduce((sum, cell) => sum + 1 + 6 + (cell.mode === 'none' ? 0 : 2) + (cell.mode === 'agent' ? 2 : 0), 0),
    );
    expect(validateObjects(objects)).toEqual([]);
  });

  it('is a live check: a wrong type and a missing required field are refused with the path', () => {
    const web = structuredClone(deployments(cellOf('library', 'ts'))[1]) as IDeployment;
    const app = web.spec?.template.spec?.containers[0] as IContainer;
    (app.ports?.[0] as { containerPort: unknown }).containerPort = 'eight thousand';
    const noContainers = structuredClone(web) as { spec: { template: { spec: { containers?: unknown } } } };
    delete noContainers.spec.template.spec.containers;
    const invalid = validateObjects([web, noContainers as K8sObject]);
    expect(invalid.map((bad) => bad.message)).toEqual([
      expect.stringMatching(/containerPort must be integer/),
      expect.stringMatching(/containers/),
    ]);
  });
});

describe('sidecar mode: a native sidecar', () => {
  it.each(LANGS)('%s: the sidecar is an init container with restartPolicy Always, the app the one container', (lang) => {
    for (const name of SERVICES) {
      const pod = podOf(cellOf('sidecar', lang), name);
      expect(pod?.initContainers?.map((c) => [c.name, c.restartPolicy])).toEqual([['sidecar', 'Always']]);
      expect(pod?.containers.map((c) => c.name)).toEqual(['app']);
      expect(pod?.initContainers?.[0]?.startupProbe).toBeUndefined();
      expect(pod?.shareProcessNamespace).toBe(true);
    }
  });

  it('has no sidecar in the other modes', () => {
    for (const mode of ['none', 'library'])
      for (const name of SERVICES) expect(podOf(cellOf(mode, 'go'), name)?.initContainers).toBeUndefined();
    // Mode agent: only the step that hands the node's folder to the images' user, which runs to its end.
    for (const name of SERVICES)
      expect(podOf(cellOf('agent', 'go'), name)?.initContainers?.map((c) => [c.name, c.restartPolicy])).toEqual([
        ['node-folder', undefined],
      ]);
  });
});

describe('the start contract in the pods (spec/start-contract.md, spec/sidecar-cli.md)', () => {
  const REQUIRED = ['SCL_SERVICE', 'SCL_MODE', 'SCL_INSTANCE_ID', 'SCL_PUBLIC_PORT', 'SCL_DATA_DIR'];
  const SIDECAR_APP = ['SCL_PRIVATE_PORT', 'SCL_LOG_FILE', 'SCL_CONFIG_FILE', 'SCL_EGRESS_URL', 'SCL_CONTROLPLANE_URL'];

  it.each(LANGS)('%s: the app runs its launch.json start command from the image root', async (lang) => {
    const { start } = await readLaunch(lang);
    const app = podOf(cellOf('library', lang), 'payment')?.containers[0] as IContainer;
    const rooted = (word: string) => (word.includes('/') ? `/app/${word}` : word);
    expect([...(app.command ?? []), ...(app.args ?? [])]).toEqual([start.command, ...(start.args ?? [])].map(rooted));
    expect(app.workingDir).toBe('/app');
  });

  it.each(K8S_MODES)(
    'mode %s: every app has the required variables, its own service and mode, and its instance id from the pod',
    (mode) => {
      for (const name of SERVICES) {
        const env = envOf(podOf(cellOf(mode, 'ts'), name)?.containers[0] as IContainer);
        for (const variable of REQUIRED) expect(env[variable], variable).toBeDefined();
        // Mode agent: the id the agent's apps file gives it, written before any pod exists.
        expect([env.SCL_SERVICE, env.SCL_INSTANCE_ID]).toEqual([name, mode === 'agent' ? `${name}-1` : '$(POD_NAME)']);
        expect(env.SCL_MODE).toBe(mode === 'agent' ? 'sidecar' : mode);
      }
    },
  );

  /** payment as the harness's topology starts it on one host: free ports, a run folder, the control plane's URL. */
  async function harnessRecipe(mode: Mode): Promise<InstanceRecipe> {
    let port = 41000;
    return {
      lang: 'ts',
      service: 'payment',
      mode,
      instanceId: 'payment-1',
      dir: '/tmp/run/instances/payment-1',
      ...(mode === 'none' ? {} : { controlplaneUrl: 'http://127.0.0.1:7000' }),
      ...(await instancePorts(
        mode,
        async () => port++,
        undefined,
        mode === 'agent' ? { admin: 7400, egress: 7401, api: 7402 } : undefined,
      )),
    };
  }
  const flagsOf = (args: readonly string[]) => args.filter((arg) => arg.startsWith('--'));

  it.each(['none', 'library', 'sidecar', 'agent'] as const)(
    'mode %s: the app has the variables the harness gives it, no more, no fewer',
    async (mode) => {
      const app = podOf(cellOf(mode, 'ts'), 'payment')?.containers[0] as IContainer;
      const plain = (app.env ?? []).filter((entry) => entry.valueFrom === undefined).map((entry) => entry.name);
      expect(plain.sort()).toEqual(Object.keys(instanceEnv(await harnessRecipe(mode))).sort());
    },
  );

  it('mode sidecar: the sidecar has the flags the harness gives it, and --public-host, the pod IP it binds and advertises', async () => {
    const sidecar = podOf(cellOf('sidecar', 'ts'), 'payment')?.initContainers?.[0] as IContainer;
    const harness = sidecarLaunch(await harnessRecipe('sidecar'), { root: '/repo' });
    expect(flagsOf(sidecar.args ?? []).sort()).toEqual([...flagsOf(harness.args), '--public-host'].sort());
  });

  it('mode none: no control plane; web finds its peers at their Services, the others have none', () => {
    const cell = cellOf('none', 'python');
    expect(deployments(cell).map((d) => d.metadata?.name)).toEqual(['web', 'customers', 'payment']);
    const env = (name: string) => envOf(podOf(cell, name)?.containers[0] as IContainer);
    const port = servicesOf(cell).find((s) => s.metadata?.name === 'customers')?.spec?.ports?.[0]?.port;
    expect(env('web').SCL_PEERS).toBe(`customers=http://customers:${port},payment=http://payment:${port}`);
    expect([env('customers').SCL_PEERS, env('web').SCL_CONTROLPLANE_URL]).toEqual([undefined, undefined]);
  });

  it('mode library: the app binds the pod IP on the port its Service targets, and reaches the control plane Service', () => {
    const cell = cellOf('library', 'go');
    const cp = servicesOf(cell).find((s) => s.metadata?.name === 'controlplane')?.spec?.ports?.[0]?.port;
    for (const name of SERVICES) {
      const app = podOf(cell, name)?.containers[0] as IContainer;
      const target = servicesOf(cell).find((s) => s.metadata?.name === name)?.spec?.ports?.[0]?.targetPort;
      expect(envOf(app)).toMatchObject({
        SCL_HOST: '$(POD_IP)',
        SCL_PUBLIC_PORT: String(target),
        SCL_CONTROLPLANE_URL: `http://controlplane:${cp}`,
      });
      expect(app.ports?.[0]?.containerPort).toBe(target);
    }
  });

  it('mode sidecar: app and sidecar agree on every port and file, the sidecar holds the public port', () => {
    for (const name of SERVICES) {
      const pod = podOf(cellOf('sidecar', 'java'), name);
      const app = pod?.containers[0] as IContainer;
      const sidecar = pod?.initContainers?.[0] as IContainer;
      const env = envOf(app);
      for (const variable of SIDECAR_APP) expect(env[variable], variable).toBeDefined();
      expect(env.SCL_HOST).toBe('127.0.0.1');
      expect(flag(sidecar, '--app-port')).toBe(env.SCL_PRIVATE_PORT);
      expect(flag(sidecar, '--public-port')).toBe(env.SCL_PUBLIC_PORT);
      expect(flag(sidecar, '--public-host')).toBe('$(POD_IP)');
      expect(env.SCL_EGRESS_URL).toBe(`http://127.0.0.1:${flag(sidecar, '--egress-port')}`);
      expect(env.SCL_SIDECAR_API_URL).toBe(`http://127.0.0.1:${flag(sidecar, '--api-port')}`);
      expect([flag(sidecar, '--log-file'), flag(sidecar, '--config-file'), flag(sidecar, '--controlplane')]).toEqual([
        env.SCL_LOG_FILE,
        env.SCL_CONFIG_FILE,
        env.SCL_CONTROLPLANE_URL,
      ]);
      expect([flag(sidecar, '--service'), flag(sidecar, '--instance-id'), flag(sidecar, '--app-lang')]).toEqual([
        name,
        '$(POD_NAME)',
        'java',
      ]);
      expect(String(sidecar.ports?.[0]?.containerPort)).toBe(env.SCL_PUBLIC_PORT);
      expect(app.ports).toBeUndefined();
      // The files the two exchange are on the volume both mount.
      expect(sidecar.volumeMounts).toEqual(app.volumeMounts);
      expect(env.SCL_LOG_FILE?.startsWith(`${app.volumeMounts?.[0]?.mountPath}/`)).toBe(true);
    }
  });

  it('defines the downward variables before any variable that uses them', () => {
    for (const cell of cells)
      for (const deployment of deployments(cell)) {
        const spec = deployment.spec?.template.spec;
        for (const container of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
          const names = (container.env ?? []).map((entry) => entry.name);
          for (const [index, entry] of (container.env ?? []).entries())
            for (const used of entry.value?.match(/\$\((\w+)\)/g) ?? []) expect(names.indexOf(used.slice(2, -1))).toBeLessThan(index);
        }
      }
  });
});

describe('one user per pod', () => {
  it('runs every container of an instance and the control plane as the images user, the shared volume its group', () => {
    for (const mode of ['none', 'library', 'sidecar', 'agent'])
      for (const deployment of deployments(cellOf(mode, 'python')))
        expect(deployment.spec?.template.spec?.securityContext).toEqual({
          runAsNonRoot: true,
          runAsUser: 65532,
          runAsGroup: 65532,
          fsGroup: 65532,
        });
  });
});
