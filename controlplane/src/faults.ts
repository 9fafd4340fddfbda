// Fault injection for the collector and the config store (PUT /v1/faults replaces the faults in force).
import type { FastifyInstance } from 'fastify';
import { faultsSchema } from './schemas.js';
import type { ConfigFaultMode, Faults, InjectedCounts, LogsFaultMode } from './types.js';

/** Defaults when a mode's parameter is omitted (the spec leaves them optional). */
export const DEFAULT_FAULT_STATUS = 503;
export const DEFAULT_FAULT_DELAY_SECONDS = 1;

export interface LogsFault {
  mode: LogsFaultMode;
  status: number;
  delaySeconds: number;
}

export class FaultStore {
  private logsFault: LogsFault = { mode: 'ok', status: DEFAULT_FAULT_STATUS, delaySeconds: DEFAULT_FAULT_DELAY_SECONDS };
  private configFaults = new Map<string, ConfigFaultMode>();
  /** How many requests each fault answered: the proof, for an experiment, that a fault was not only set but met. */
  private readonly injected: InjectedCounts = { logs: 0, config: {} };

  /** `onConfigFaultToggled` bumps that service's config index, so blocked pulls see the change at once. */
  constructor(private readonly onConfigFaultToggled: (service: string) => void) {}

  get logs(): Readonly<LogsFault> {
    return this.logsFault;
  }

  config(service: string): ConfigFaultMode {
    return this.configFaults.get(service) ?? 'ok';
  }

  replace(faults: Faults): void {
    this.logsFault = {
      mode: faults.logs?.mode ?? 'ok',
      status: faults.logs?.status ?? DEFAULT_FAULT_STATUS,
      delaySeconds: faults.logs?.delaySeconds ?? DEFAULT_FAULT_DELAY_SECONDS,
    };
    const next = new Map(Object.entries(faults.config ?? {}).filter(([, mode]) => mode !== 'ok'));
    const previous = this.configFaults;
    this.configFaults = next;
    for (const service of new Set([...previous.keys(), ...next.keys()])) {
      if (previous.get(service) !== next.get(service)) this.onConfigFaultToggled(service);
    }
  }

  /** Counts one POST /v1/logs answered by the logs fault. */
  noteLogsInjected(): void {
    this.injected.logs++;
  }

  /** Counts one config GET answered with garbage for `service`. */
  noteConfigInjected(service: string): void {
    this.injected.config[service] = (this.injected.config[service] ?? 0) + 1;
  }

  injectedCounts(): InjectedCounts {
    return { logs: this.injected.logs, config: { ...this.injected.config } };
  }

  /** The faults in force, with only the parameters the mode uses. */
  current(): Faults {
    const { mode, status, delaySeconds } = this.logsFault;
    const logs: NonNullable<Faults['logs']> = { mode };
    if (mode === 'status') logs.status = status;
    if (mode === 'delay') logs.delaySeconds = delaySeconds;
    return { logs, config: Object.fromEntries(this.configFaults) };
  }
}

export function registerFaultRoutes(app: FastifyInstance, faults: FaultStore): void {
  app.get('/v1/faults', async () => faults.current());
  app.get('/v1/faults/injected', async () => faults.injectedCounts());
  app.put('/v1/faults', { schema: { body: faultsSchema } }, async (request) => {
    faults.replace(request.body as Faults);
    return faults.current();
  });
}
