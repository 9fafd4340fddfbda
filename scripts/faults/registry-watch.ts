// Follows one instance in the registry with blocking queries and records when it is passing, critical or gone.
import type { ServiceInstances } from '../../controlplane/src/types.js';

export type ListedState = 'passing' | 'critical' | 'absent';

export interface ListedChange {
  epochMillis: number;
  state: ListedState;
}

const WAIT_MILLIS = 5000;
const RETRY_MILLIS = 100;

/** A blocking query answers as soon as the service's index moves, so a change is seen within milliseconds. */
export class RegistryWatch {
  readonly changes: ListedChange[] = [];
  private readonly cancel = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly controlplaneUrl: string,
    private readonly service: string,
    private readonly instanceId: string,
  ) {}

  get state(): ListedState {
    return this.changes.at(-1)?.state ?? 'absent';
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Aborts the blocked query at once. */
  async stop(): Promise<void> {
    this.cancel.abort();
    await this.loop;
  }

  /** Resolves once the instance is in `state` (at once when it is), or false after the timeout. */
  async waitFor(state: ListedState, timeoutSeconds: number): Promise<boolean> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    while (this.state !== state) {
      if (Date.now() > deadline || this.cancel.signal.aborted) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  private async run(): Promise<void> {
    let index = 0;
    while (!this.cancel.signal.aborted) {
      try {
        const url = `${this.controlplaneUrl}/v1/registry/services/${encodeURIComponent(this.service)}?index=${index}&wait=${WAIT_MILLIS}ms`;
        const response = await fetch(url, { signal: this.cancel.signal });
        if (response.status !== 200) throw new Error(`the registry answered ${response.status}`);
        const answer = (await response.json()) as ServiceInstances;
        index = answer.index;
        const listed = answer.instances.find((instance) => instance.id === this.instanceId);
        this.note(listed === undefined ? 'absent' : listed.status);
      } catch {
        // The control plane is part of the experiment's fixture; a failed query is retried, not fatal.
        if (!this.cancel.signal.aborted) await new Promise((resolve) => setTimeout(resolve, RETRY_MILLIS));
      }
    }
  }

  private note(state: ListedState): void {
    if (this.changes.at(-1)?.state !== state) this.changes.push({ epochMillis: Date.now(), state });
  }
}

/** Seconds from `sinceEpochMillis` until the instance was first not passing, or null when it stayed listed. */
export function secondsUntilUnlisted(changes: readonly ListedChange[], sinceEpochMillis: number): number | null {
  const left = changes.find((change) => change.epochMillis >= sinceEpochMillis && change.state !== 'passing');
  return left === undefined ? null : (left.epochMillis - sinceEpochMillis) / 1000;
}

/** Seconds from `sinceEpochMillis` until the instance was passing again, or null. */
export function secondsUntilListed(changes: readonly ListedChange[], sinceEpochMillis: number): number | null {
  const back = changes.find((change) => change.epochMillis >= sinceEpochMillis && change.state === 'passing');
  return back === undefined ? null : (back.epochMillis - sinceEpochMillis) / 1000;
}
