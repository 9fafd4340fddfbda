// The recipe's host: where clients reach an instance. The harness leaves it at 127.0.0.1; a pod gives its own IP.
import { describe, expect, it } from 'vitest';
import { instanceEnv, instancePorts, sidecarLaunch, type InstanceRecipe, type Mode } from '../recipe.js';

async function recipe(mode: Mode, host?: string): Promise<InstanceRecipe> {
  let next = 6000;
  return {
    lang: 'ts',
    service: 'web',
    mode,
    instanceId: 'web-1',
    controlplaneUrl: 'http://cp:7000',
    dir: '/var/lib/scl',
    ...(await instancePorts(mode, async () => next++)),
    ...(host !== undefined ? { host } : {}),
  };
}

describe('the host an instance is reached at', () => {
  it('is 127.0.0.1 by default, in every mode, and the sidecar is given no --public-host', async () => {
    for (const mode of ['none', 'library', 'sidecar', 'native'] as const)
      expect(instanceEnv(await recipe(mode)).SCL_HOST).toBe('127.0.0.1');
    expect(sidecarLaunch(await recipe('sidecar'), { root: '/r' }).args).not.toContain('--public-host');
  });

  it('is bound by the app in modes none and library', async () => {
    expect(instanceEnv(await recipe('none', '10.0.0.7')).SCL_HOST).toBe('10.0.0.7');
    expect(instanceEnv(await recipe('library', '10.0.0.7')).SCL_HOST).toBe('10.0.0.7');
  });

  it('is the sidecar ingress in sidecar mode, the app staying on 127.0.0.1 behind it', async () => {
    const sidecarRecipe = await recipe('sidecar', '10.0.0.7');
    expect(instanceEnv(sidecarRecipe).SCL_HOST).toBe('127.0.0.1');
    const { command, args } = sidecarLaunch(sidecarRecipe, { root: '/app', node: 'node' });
    expect(command).toBe('node');
    expect(args.slice(args.indexOf('--public-host'), args.indexOf('--public-host') + 2)).toEqual(['--public-host', '10.0.0.7']);
  });
});
