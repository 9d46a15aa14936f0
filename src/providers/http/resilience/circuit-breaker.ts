export interface BreakerOptions {
  /** Consecutive failed calls that open the circuit. Default 5. */
  failureThreshold: number;
  /**
   * Or: this share of failed calls among those of the last `ratioWindowMs`, once at least
   * `minimumCalls` were made there. Default 0.5 over 30 s, from 20 calls: a vendor failing every
   * other call is failing, even when a success now and then breaks the consecutive count.
   */
  failureRatio: number;
  ratioWindowMs: number;
  minimumCalls: number;
  /** How long an open circuit refuses calls before it lets one probe through. Default 30 s. */
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = {
  failureThreshold: 5,
  failureRatio: 0.5,
  ratioWindowMs: 30_000,
  minimumCalls: 20,
  cooldownMs: 30_000,
};

/**
 * How a call ended, for the breaker:
 * - `success`: the vendor answered, whatever it said below 500 (a 4xx is the caller's problem)
 * - `failure`: a transport failure or a 5xx, after any retries
 * - `neutral`: nothing learned (the caller gave up, the gateway's own limiter refused)
 */
export type CallOutcome = 'success' | 'failure' | 'neutral';

/**
 * - `closed`: calls pass; failures are counted
 * - `open`: calls are refused at once until `until`
 * - `half-open`: the cool-down is over; one call (the probe) passes and decides
 */
export type BreakerState =
  | { kind: 'closed'; consecutiveFailures: number }
  | { kind: 'open'; until: number }
  | { kind: 'half-open'; probing: boolean };

export interface BreakerPermit {
  /** This call is the half-open probe: it should make one attempt, not retry. */
  readonly probe: boolean;
  settle(outcome: CallOutcome): void;
}

export class CircuitOpenError extends Error {
  constructor(readonly retryInMs: number) {
    super(`circuit open for ${retryInMs} ms more`);
    this.name = 'CircuitOpenError';
  }
}

/**
 * One vendor's circuit. A vendor that keeps failing is not called at all for a while: callers
 * get an answer at once instead of waiting out timeouts, and the vendor gets room to recover.
 */
export class CircuitBreaker {
  private state: BreakerState = { kind: 'closed', consecutiveFailures: 0 };
  private recent: { at: number; failed: boolean }[] = [];

  constructor(
    private readonly options: BreakerOptions = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
    private readonly onChange: (state: BreakerState['kind']) => void = () => {},
  ) {}

  /** The state now; an open circuit whose cool-down has passed reads as half-open. */
  get current(): BreakerState {
    if (this.state.kind === 'open' && this.now() >= this.state.until) {
      this.moveTo({ kind: 'half-open', probing: false });
    }
    return this.state;
  }

  /**
   * Healthy unless open within its cool-down. Half-open counts as healthy on purpose: readiness
   * probes read this, and an instance that stayed "not ready" until a call came through would
   * never get the call that closes its circuit.
   */
  get healthy(): boolean {
    return this.current.kind !== 'open';
  }

  /** Lets a call through, or throws CircuitOpenError. */
  enter(): BreakerPermit {
    const state = this.current;
    if (state.kind === 'open') throw new CircuitOpenError(state.until - this.now());
    if (state.kind === 'half-open') {
      if (state.probing) throw new CircuitOpenError(0);
      state.probing = true;
      return this.permit(true);
    }
    return this.permit(false);
  }

  private permit(probe: boolean): BreakerPermit {
    let settled = false;
    return {
      probe,
      settle: (outcome) => {
        if (settled) return;
        settled = true;
        this.record(outcome, probe);
      },
    };
  }

  private record(outcome: CallOutcome, probe: boolean): void {
    const state = this.state;
    if (probe && state.kind === 'half-open') {
      if (outcome === 'success') this.close();
      else if (outcome === 'failure') this.open();
      else state.probing = false;
      return;
    }
    if (state.kind !== 'closed' || outcome === 'neutral') return;
    const now = this.now();
    this.recent = this.recent.filter((call) => call.at > now - this.options.ratioWindowMs);
    this.recent.push({ at: now, failed: outcome === 'failure' });
    if (outcome === 'success') {
      state.consecutiveFailures = 0;
      return;
    }
    state.consecutiveFailures += 1;
    const failed = this.recent.filter((call) => call.failed).length;
    const ratioTripped =
      this.recent.length >= this.options.minimumCalls &&
      failed / this.recent.length >= this.options.failureRatio;
    if (state.consecutiveFailures >= this.options.failureThreshold || ratioTripped) this.open();
  }

  private open(): void {
    this.moveTo({ kind: 'open', until: this.now() + this.options.cooldownMs });
  }

  private close(): void {
    this.recent = [];
    this.moveTo({ kind: 'closed', consecutiveFailures: 0 });
  }

  private moveTo(state: BreakerState): void {
    const changed = state.kind !== this.state.kind;
    this.state = state;
    if (changed) this.onChange(state.kind);
  }
}
