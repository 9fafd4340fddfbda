import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/egress/circuit.js';

function breaker(failureThreshold = 3, openSeconds = 5) {
  const clock = { millis: 0 };
  const circuit = new CircuitBreaker({ failureThreshold, openSeconds }, () => clock.millis);
  return { circuit, clock };
}

describe('circuit breaker', () => {
  it('stays closed below the threshold of consecutive failures', () => {
    const { circuit } = breaker(3);
    expect(circuit.recordFailure()).toBe(false);
    expect(circuit.recordFailure()).toBe(false);
    expect(circuit.state()).toBe('closed');
    expect(circuit.allowsTry()).toBe(true);
  });

  it('a success resets the count of consecutive failures', () => {
    const { circuit } = breaker(3);
    circuit.recordFailure();
    circuit.recordFailure();
    circuit.recordSuccess();
    circuit.recordFailure();
    circuit.recordFailure();
    expect(circuit.state()).toBe('closed');
  });

  it('opens on the Nth consecutive failure and rejects tries while open', () => {
    const { circuit } = breaker(3);
    circuit.recordFailure();
    circuit.recordFailure();
    expect(circuit.recordFailure()).toBe(true);
    expect(circuit.state()).toBe('open');
    expect(circuit.allowsTry()).toBe(false);
  });

  it('turns half-open after the open time and lets exactly one probe through', () => {
    const { circuit, clock } = breaker(1, 5);
    circuit.recordFailure();
    clock.millis = 4999;
    expect(circuit.state()).toBe('open');
    clock.millis = 5000;
    expect(circuit.state()).toBe('half_open');
    expect(circuit.allowsTry()).toBe(true);
    circuit.beginTry();
    expect(circuit.allowsTry()).toBe(false);
  });

  it('a successful probe closes the circuit', () => {
    const { circuit, clock } = breaker(1, 5);
    circuit.recordFailure();
    clock.millis = 5000;
    circuit.beginTry();
    circuit.recordSuccess();
    expect(circuit.state()).toBe('closed');
    expect(circuit.allowsTry()).toBe(true);
  });

  it('a failed probe opens the circuit again for the full open time, counted as an opening', () => {
    const { circuit, clock } = breaker(1, 5);
    circuit.recordFailure();
    clock.millis = 6000;
    circuit.beginTry();
    expect(circuit.recordFailure()).toBe(true);
    expect(circuit.state()).toBe('open');
    clock.millis = 10_999;
    expect(circuit.state()).toBe('open');
    clock.millis = 11_000;
    expect(circuit.state()).toBe('half_open');
  });

  it('a late answer of a try started before the circuit opened changes nothing', () => {
    const { circuit } = breaker(1, 5);
    circuit.recordFailure();
    circuit.recordSuccess();
    expect(circuit.state()).toBe('open');
    expect(circuit.recordFailure()).toBe(false);
  });
});
