// Circuit breaker of one instance: closed -> open after N failed tries -> half-open probe -> closed or open.

export type CircuitState = 'closed' | 'open' | 'half_open';

/** Values of the scl_egress_circuit_state gauge. */
export const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitState, number>> = { closed: 0, open: 1, half_open: 2 };

export interface CircuitSettings {
  failureThreshold: number;
  openSeconds: number;
}

export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt = 0;
  private isOpen = false;
  private probeInFlight = false;

  constructor(
    private readonly settings: CircuitSettings,
    private readonly now: () => number,
  ) {}

  /** Open turns half-open by itself once openSeconds passed. */
  state(): CircuitState {
    if (!this.isOpen) return 'closed';
    return this.now() - this.openedAt >= this.settings.openSeconds * 1000 ? 'half_open' : 'open';
  }

  /** Whether a try may go to this instance now (half-open: only while no probe is out). */
  allowsTry(): boolean {
    const state = this.state();
    return state === 'closed' || (state === 'half_open' && !this.probeInFlight);
  }

  /** Call when a try starts; in half-open it becomes the one probe. */
  beginTry(): void {
    if (this.isOpen && this.state() === 'half_open') this.probeInFlight = true;
  }

  recordSuccess(): void {
    if (this.isOpen && !this.probeInFlight) return; // a late answer from before the circuit opened
    this.isOpen = false;
    this.probeInFlight = false;
    this.consecutiveFailures = 0;
  }

  /** True when this failure opened the circuit (a count for scl_egress_circuit_opened_total). */
  recordFailure(): boolean {
    if (this.isOpen) {
      if (!this.probeInFlight) return false; // late failure while already open
      this.probeInFlight = false;
      this.openedAt = this.now();
      return true;
    }
    this.consecutiveFailures++;
    if (this.consecutiveFailures < this.settings.failureThreshold) return false;
    this.isOpen = true;
    this.openedAt = this.now();
    this.consecutiveFailures = 0;
    return true;
  }
}
