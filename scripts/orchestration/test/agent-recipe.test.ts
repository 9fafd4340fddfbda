// Mode agent's recipe: each app as in sidecar mode behind the host's one agent, whose command lists every app.
import { describe, expect, it } from 'vitest';
import {
  agentApps,
  agentAppsText,
  agentLaunch,
  instanceEnv,
  instancePorts,
  recipePorts,
  type AgentHostRecipe,
  type InstanceRecipe,
} from '../recipe.js';

const SHARED = { admin: 7400, egress: 7300, api: 7500 };

function app(n: number): InstanceRecipe {
  return {
    lang: 'go',
    service: 'customers',
    mode: 'agent',
    instanceId: `customers-${n}`,
    controlplaneUrl: 'http://127.0.0.1:7000',
    dir: `/tmp/run/customers-${n}`,
    publicPort: 7100 + n,
    sidecarPorts: { app: 7200 + n, ...SHARED },
    env: { SCL_FEATURES: 'metrics,logs' },
  };
}

describe('the recipe of mode agent', () => {
  it('runs each app as in sidecar mode, its local API under its own path, the ambassador the same for all', () => {
    const env = instanceEnv(app(1));
    expect(env).toMatchObject({
      SCL_MODE: 'sidecar',
      SCL_PUBLIC_PORT: '7101',
      SCL_PRIVATE_PORT: '7201',
      SCL_EGRESS_URL: 'http://127.0.0.1:7300',
      SCL_SIDECAR_API_URL: 'http://127.0.0.1:7500/apps/customers-1',
      SCL_LOG_FILE: '/tmp/run/customers-1/app-log.jsonl',
      SCL_CONFIG_FILE: '/tmp/run/customers-1/config.json',
    });
    expect(instanceEnv(app(2)).SCL_EGRESS_URL).toBe(env.SCL_EGRESS_URL);
  });

  it("starts one agent with every app's per-app flags in its apps file and the shared ports on its command line", () => {
    const host: AgentHostRecipe = {
      dir: '/tmp/run/agent',
      controlplaneUrl: 'http://127.0.0.1:7000',
      apps: [app(1), app(2)],
      env: { SCL_FEATURES: 'metrics,logs' },
    };
    expect(agentApps(host)).toEqual(
      [1, 2].map((n) => ({
        service: 'customers',
        'instance-id': `customers-${n}`,
        'public-port': 7100 + n,
        'app-port': 7200 + n,
        'log-file': `/tmp/run/customers-${n}/app-log.jsonl`,
        'config-file': `/tmp/run/customers-${n}/config.json`,
        'app-lang': 'go',
      })),
    );
    const launch = agentLaunch(host, { root: '/repo' });
    expect(launch.args.slice(1)).toEqual(
      ['--apps', '/tmp/run/agent/apps.json', '--admin-port', '7400', '--egress-port', '7300', '--api-port', '7500'].concat([
        '--controlplane',
        'http://127.0.0.1:7000',
        '--data-dir',
        '/tmp/run/agent/data',
      ]),
    );
    expect(launch.env).toEqual({ SCL_FEATURES: 'metrics,logs' });
    expect(launch.command).toBe(process.execPath);
    // The apps file the agent reads is those entries as JSON.
    expect(JSON.parse(agentAppsText(host))).toEqual(agentApps(host));
  });

  it('gives the agent the host address its ingress binds and advertises, and a node executable, when a host names them', () => {
    const host: AgentHostRecipe = { dir: '/agent', controlplaneUrl: 'http://cp:7000', apps: [app(1)], env: {}, host: '10.0.0.7' };
    const launch = agentLaunch(host, { root: '/app', node: 'node' });
    expect(launch.command).toBe('node');
    expect(launch.args.slice(1, 5)).toEqual(['--apps', '/agent/apps.json', '--public-host', '10.0.0.7']);
  });

  it("gives an app its own public and app ports beside the agent's, and releases only its own", async () => {
    let next = 9000;
    const ports = await instancePorts('agent', async () => next++, undefined, SHARED);
    expect(ports).toEqual({ publicPort: 9000, sidecarPorts: { app: 9001, ...SHARED } });
    expect(recipePorts({ mode: 'agent', ...ports })).toEqual([9000, 9001]);
    await expect(instancePorts('agent', async () => next++)).rejects.toThrow(/agent's/);
  });
});
