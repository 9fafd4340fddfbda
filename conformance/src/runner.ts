// Runs one vector against one (language, mode): fresh control plane, fakes and instance; replays the steps; always tears down.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ControlPlaneClient } from '../../controlplane/src/client.js';
import type { ConfigDocument } from '../../library/ts/src/types.js';
import { startControlPlane, type RunningControlPlane } from '../../scripts/orchestration/controlplane.js';
import { startAgentHost, type RunningAgentHost } from '../../scripts/orchestration/agent-host.js';
import {
  assertModeBuilt,
  startInstance,
  type InstanceOptions,
  type Mode,
  type RunningInstance,
} from '../../scripts/orchestration/instance.js';
import { freePort } from '../../scripts/orchestration/ports.js';
import { delay } from '../../scripts/orchestration/ready.js';
import { runAction, send } from './actions.js';
import { isAssertion, runAssertion } from './assertions.js';
import { placeholders, type RunContext, type StepOutcome } from './context.js';
import { describe, substitute } from './match.js';
import { FakeUpstream } from './upstreams.js';
import { serviceOf, stepKind, type Step, type Vector } from './vector.js';

/** Fakes register with a TTL long enough that no heartbeat is needed during a vector. */
const FAKE_TTL_SECONDS = 3600;
const CONFIG_IN_USE_TIMEOUT_MS = 10_000;
/** Peers a service may call; those a vector does not fake get an address where nothing listens. */
const PEERS_OF_MODE_NONE = ['customers', 'payment'];
/** Mode agent: the services a companion app may be, in the order tried (companionServiceOf). */
const COMPANION_SERVICES = ['payment', 'customers', 'web'] as const;

export interface RunOptions {
  lang: string;
  mode: Mode;
  /** Each vector's files go to `<runRoot>/<lang>-<mode>/<id>/`. */
  runRoot: string;
  /** Keep the files of passing vectors too (failing ones are always kept). */
  keepRunDirs?: boolean;
}

export interface StepFailure {
  /** 1-based; 0 for the setup before the first step. */
  stepNumber: number;
  step?: Step;
  message: string;
  expected?: unknown;
  observed?: unknown;
}

export interface VectorResult {
  id: string;
  lang: string;
  mode: Mode;
  passed: boolean;
  durationMs: number;
  runDir: string;
  failure?: StepFailure;
}

/** What setup has started so far, so that teardown stops exactly that, whatever failed. */
interface Started {
  controlplane?: RunningControlPlane;
  instance?: RunningInstance;
  /** Mode agent: the host's agent with the instance under test and its companion app. */
  host?: RunningAgentHost;
  upstreams: FakeUpstream[];
}

export async function runVector(vector: Vector, options: RunOptions): Promise<VectorResult> {
  const startedAt = Date.now();
  const runDir = join(options.runRoot, `${options.lang}-${options.mode}`, vector.id);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const started: Started = { upstreams: [] };
  let failure: StepFailure | undefined;
  try {
    const context = await setUp(vector, options, runDir, started);
    if (context !== undefined) failure = await replay(context, vector.steps);
  } catch (error) {
    failure = { stepNumber: 0, message: (error as Error).message };
  } finally {
    await tearDown(started);
  }
  const passed = failure === undefined;
  if (passed && options.keepRunDirs !== true) rmSync(runDir, { recursive: true, force: true });
  return {
    id: vector.id,
    lang: options.lang,
    mode: options.mode,
    passed,
    durationMs: Date.now() - startedAt,
    runDir,
    ...(failure !== undefined ? { failure } : {}),
  };
}

async function setUp(vector: Vector, options: RunOptions, runDir: string, started: Started): Promise<RunContext | undefined> {
  const service = serviceOf(vector);
  assertModeBuilt(options.mode);
  const deregisterAfter = vector.controlplane?.deregisterCriticalAfterSeconds;
  started.controlplane = await startControlPlane({
    runDir,
    args: deregisterAfter !== undefined ? ['--deregister-critical-after-seconds', String(deregisterAfter)] : [],
  });
  const controlplane = new ControlPlaneClient(started.controlplane.url);
  if (vector.config !== undefined) await controlplane.putConfig(service, vector.config as unknown as ConfigDocument);
  const latestConfigVersion = (await controlplane.getConfig(service)).document?.version ?? 0;

  const upstreams = new Map<string, FakeUpstream>();
  const peers: Record<string, string> = {};
  for (const [name, definition] of Object.entries(vector.upstreams ?? {})) {
    const fake = new FakeUpstream(name, definition.responses ?? []);
    started.upstreams.push(fake);
    await fake.start(definition.instances ?? 1, definition.down === true);
    upstreams.set(name, fake);
    peers[name] = `http://127.0.0.1:${fake.ports[0]}`;
    for (const [index, port] of fake.ports.entries()) {
      await controlplane.register({
        service: name,
        id: `${name}-fake-${index + 1}`,
        address: '127.0.0.1',
        port,
        ttlSeconds: FAKE_TTL_SECONDS,
      });
    }
  }

  if (options.mode === 'none') {
    // Mode none has no registry: the app needs SCL_PEERS for every peer it may call, fake or not.
    for (const peer of PEERS_OF_MODE_NONE) peers[peer] ??= `http://127.0.0.1:${await freePort()}`;
  }
  const startOptions: InstanceOptions = {
    lang: options.lang,
    service,
    mode: options.mode,
    instanceId: `${service}-1`,
    controlplaneUrl: started.controlplane.url,
    runDir,
    settings: vector.settings ?? {},
    peers: options.mode === 'none' ? peers : undefined,
    testHooks: true,
  };
  if (vector.startRefused !== undefined) {
    await expectStartRefused(vector.startRefused, () => startUnderTest(vector, startOptions, runDir, started), started);
    return undefined;
  }
  started.instance = await startUnderTest(vector, startOptions, runDir, started);
  const context: RunContext = {
    lang: options.lang,
    mode: options.mode,
    service,
    instance: started.instance,
    controlplane,
    upstreams,
    latestConfigVersion,
  };
  if (vector.config !== undefined && options.mode !== 'none') await waitForConfigInUse(context);
  return context;
}

/**
 * The instance under test. In mode agent it shares the host's agent with a companion app of the same language, started
 * with it: the vector checks one app of an agent that serves two. The companion is a service the vector neither tests
 * nor fakes, so that it is in no registry listing the vector counts and no peer its calls are routed to; when there is
 * none (a checkout faking both peers), a second instance of the tested service, which no such vector counts.
 */
async function startUnderTest(vector: Vector, startOptions: InstanceOptions, runDir: string, started: Started): Promise<RunningInstance> {
  if (startOptions.mode !== 'agent') return startInstance(startOptions);
  const service = companionServiceOf(vector);
  const companion: InstanceOptions = { ...startOptions, service, instanceId: `${service}-companion` };
  started.host = await startAgentHost([startOptions, companion], { dir: join(runDir, 'agent') });
  return started.host.instances[0]!;
}

export function companionServiceOf(vector: Vector): string {
  const taken = new Set([serviceOf(vector), ...Object.keys(vector.upstreams ?? {})]);
  return COMPANION_SERVICES.find((service) => !taken.has(service)) ?? serviceOf(vector);
}

/** The start must fail: a process exits with the code expected and prints the error code (its output is in the error). */
async function expectStartRefused(
  expected: { code: string; exitCode?: number },
  start: () => Promise<RunningInstance>,
  started: Started,
): Promise<void> {
  const exitCode = expected.exitCode ?? 2;
  try {
    started.instance = await start();
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes(`exit code ${exitCode})`) && message.includes(expected.code)) return;
    throw new Error(`the start failed, but not with exit code ${exitCode} and ${expected.code}: ${message}`);
  }
  throw new Error(`the instance started; expected it to be refused with exit code ${exitCode} and ${expected.code}`);
}

/** A vector's `config` is in use when its steps begin: the app may apply it a moment after it is ready. */
async function waitForConfigInUse(context: RunContext): Promise<void> {
  const deadline = Date.now() + CONFIG_IN_USE_TIMEOUT_MS;
  let seen: unknown;
  while (Date.now() < deadline) {
    const answer = await send(`${context.instance.publicUrl}/_scl/config`, 'GET');
    seen = answer.json ?? answer.status;
    if ((answer.json as { version?: unknown } | undefined)?.version === context.latestConfigVersion) return;
    await delay(50);
  }
  throw new Error(
    `the vector's config (version ${context.latestConfigVersion}) was not in use within ${CONFIG_IN_USE_TIMEOUT_MS / 1000} s; /_scl/config: ${describe(seen)}`,
  );
}

/** Runs the steps in order and returns the first failure, if any. */
async function replay(context: RunContext, steps: readonly Step[]): Promise<StepFailure | undefined> {
  const vars = placeholders(context);
  for (const [index, rawStep] of steps.entries()) {
    const step = substitute(rawStep, vars);
    let outcome: StepOutcome;
    try {
      outcome = isAssertion(step) ? await runAssertion(context, step) : await runAction(context, step);
    } catch (error) {
      outcome = { ok: false, message: `${stepKind(step)} failed: ${(error as Error).message}` };
    }
    if (!outcome.ok) {
      return { stepNumber: index + 1, step: rawStep, message: outcome.message, expected: outcome.expected, observed: outcome.observed };
    }
  }
  return undefined;
}

async function tearDown(started: Started): Promise<void> {
  // Nothing here is under test any more: kill at once, then close the fakes and the control plane.
  await started.host?.stop('SIGKILL').catch(() => undefined);
  await started.instance?.stop('SIGKILL').catch(() => undefined);
  await Promise.all(started.upstreams.map((fake) => fake.stop().catch(() => undefined)));
  await started.controlplane?.stop('SIGKILL').catch(() => undefined);
}
