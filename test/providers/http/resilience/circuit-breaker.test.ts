import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  CircuitOpenError,
  DEFAULT_BREAKER,
  type BreakerState,
  type CallOutcome,
} from '../../../../src/providers/http/resilience/circuit-breaker.ts';

function breaker(options: Partial<typeof DEFAULT_BREAKER> = {}) {
  const clock = { now: 1_000_000 };
  const changes: BreakerState['kind'][] = [];
  const circuit = new CircuitBreaker(
    { ...DEFAULT_BREAKER, failureThreshold: 3, cooldownMs: 5_000, ...options },
    () => clock.now,
    (state) => changes.push(state),
  );
  const call = (outcome: CallOutcome) => circuit.enter().settle(outcome);
  return { circuit, clock, changes, call };
}

describe('circuit breaker', () => {
  it('opens after N consecutive failures, and a success (any answer below 500) resets the count', () => {
    const { circuit, call, changes } = breaker();
    call('failure');
    call('failure');
    call('success');
    call('failure');
    call('failure');
    expect(circuit.current.kind).toBe('closed');
    call('neutral');
    call('failure');
    expect(circuit.current).toEqual({ kind: 'open', until: 1_005_000 });
    expect(circuit.healthy).toBe(false);
    expect(changes).toEqual(['open']);
  });

  it('opens on a failure ratio within the window once enough calls were made', () => {
    const { circuit, call, clock } = breaker({
      failureThreshold: 100,
      failureRatio: 0.5,
      minimumCalls: 10,
      ratioWindowMs: 10_000,
    });
    // Old failures fall out of the window.
    for (let i = 0; i < 6; i++) call('failure');
    clock.now += 11_000;
    for (let i = 0; i < 5; i++) {
      call('success');
      call('failure');
    }
    // 10 calls in the window, 5 failed: the ratio trips with the 10th.
    expect(circuit.current.kind).toBe('open');
  });

  it('refuses at once while open, telling how long is left', () => {
    const { circuit, call, clock } = breaker();
    for (let i = 0; i < 3; i++) call('failure');
    clock.now += 1_500;
    let error: unknown;
    try {
      circuit.enter();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect((error as CircuitOpenError).retryInMs).toBe(3_500);
  });

  it('after the cool-down lets exactly one probe through; its success closes the circuit', () => {
    const { circuit, call, clock, changes } = breaker();
    for (let i = 0; i < 3; i++) call('failure');
    clock.now += 5_000;
    expect(circuit.healthy).toBe(true); // half-open: readiness must not wait for traffic that never comes
    const probe = circuit.enter();
    expect(probe.probe).toBe(true);
    expect(() => circuit.enter()).toThrow(CircuitOpenError);
    probe.settle('success');
    expect(circuit.current).toEqual({ kind: 'closed', consecutiveFailures: 0 });
    expect(changes).toEqual(['open', 'half-open', 'closed']);
    expect(circuit.enter().probe).toBe(false);
  });

  it('a failed probe opens the circuit for another cool-down; a neutral one frees the probe slot', () => {
    const { circuit, call, clock } = breaker();
    for (let i = 0; i < 3; i++) call('failure');
    clock.now += 5_000;
    circuit.enter().settle('neutral');
    const probe = circuit.enter();
    expect(probe.probe).toBe(true);
    probe.settle('failure');
    expect(circuit.current).toEqual({ kind: 'open', until: clock.now + 5_000 });
  });

  it('settling twice counts once', () => {
    const { circuit } = breaker({ failureThreshold: 2 });
    const permit = circuit.enter();
    permit.settle('failure');
    permit.settle('failure');
    expect(circuit.current.kind).toBe('closed');
  });
});
