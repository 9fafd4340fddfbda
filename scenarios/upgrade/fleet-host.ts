// The agent path's unit: one host's agent serving its apps (scripts/orchestration/agent-host.ts), and the upgrade of
// that one agent. This machine is one physical host; each FleetHost models one host of the fleet as its own agent.
import { join } from 'node:path';
import { onShutdown } from '../../scripts/bench/cleanup.js';
import { startAgentHost, type RunningAgentHost } from '../../scripts/orchestration/agent-host.js';
import type { MemberSpec, ReplacementTimes } from './fleet.js';
import { READY_TIMEOUT_SECONDS, waitPassing } from './registry-watch.js';
import { scratchEnv } from './tree/verify.js';

export class FleetHost {
  readonly host: string;
  /** In the order the agent serves them. */
  readonly specs: readonly MemberSpec[];
  private readonly running: RunningAgentHost;
  private readonly controlplaneUrl: string;
  private readonly unregister: () => void;

  private constructor(host: string, specs: readonly MemberSpec[], running: RunningAgentHost, controlplaneUrl: string) {
    this.host = host;
    this.specs = specs;
    this.running = running;
    this.controlplaneUrl = controlplaneUrl;
    this.unregister = onShutdown(() => running.stop('SIGKILL'));
  }

  /** Starts the host's agent and then its apps, all from `root`; resolves once every app is listed as passing. */
  static async start(
    host: string,
    specs: readonly MemberSpec[],
    runDir: string,
    controlplaneUrl: string,
    root: string,
  ): Promise<FleetHost> {
    const apps = specs.map((spec) => ({
      lang: spec.lang,
      service: spec.service,
      mode: 'agent' as const,
      instanceId: spec.instanceId,
      controlplaneUrl,
      runDir,
      // As the other paths' instances: a scratch tree's Python sources are its own.
      extraEnv: scratchEnv(root),
      readyTimeoutSeconds: READY_TIMEOUT_SECONDS,
    }));
    const running = await startAgentHost(apps, { dir: join(runDir, host), root, readyTimeoutSeconds: READY_TIMEOUT_SECONDS });
    const started = new FleetHost(host, specs, running, controlplaneUrl);
    try {
      await waitPassing(controlplaneUrl, specs, true);
    } catch (error) {
      await started.stop('SIGKILL');
      throw error;
    }
    return started;
  }

  publicUrlOf(instanceId: string): string {
    const instance = this.running.instances.find((one) => one.instanceId === instanceId);
    if (instance === undefined) throw new Error(`${instanceId} is not served by ${this.host}`);
    return instance.publicUrl;
  }

  /**
   * The agent path's one restart per host: the agent is replaced by the new build's and every app keeps running. One
   * replacement per app, so per-instance figures (deregistered, listed again, records) line up with the other paths.
   */
  async replaceAgent(newRoot: string): Promise<ReplacementTimes[]> {
    const signalledMillis = Date.now();
    const deregistered = waitPassing(this.controlplaneUrl, this.specs, false, this.running.agentProcess.exited);
    const { exitedMillis, startedMillis, readyMillis } = await this.running.replaceAgent(newRoot);
    const deregisteredMillis = await deregistered;
    const passingMillis = await waitPassing(this.controlplaneUrl, this.specs, true);
    return this.specs.map((spec, index) => ({
      instanceId: spec.instanceId,
      service: spec.service,
      lang: spec.lang,
      replaced: 'agent',
      host: this.host,
      signalledMillis,
      deregisteredMillis: deregisteredMillis[index] ?? null,
      exitedMillis,
      startedMillis,
      readyMillis,
      passingMillis: passingMillis[index] ?? readyMillis,
    }));
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.unregister();
    await this.running.stop(signal);
  }
}
