import type { ImportProvider } from '../../../imports/model.ts';
import { providerLabel } from '../../../imports/provider-labels.ts';
import type { UpstreamRequest, UpstreamResponse } from '../upstream-message.ts';
import { UpstreamError } from '../upstream-error.ts';
import { fullJitterDelay } from './backoff.ts';
import { CircuitBreaker, CircuitOpenError, type CallOutcome } from './circuit-breaker.ts';
import { abortError, deadlineOf, sleep } from '../../../deadline.ts';
import type { ResilienceEvent } from './events.ts';
import { FlightKeys } from './flight-key.ts';
import {
  resolveResilience,
  type ResilienceOptions,
  type ResolvedResilience,
  type VendorPolicy,
} from './options.ts';
import type { RateLimitPolicy } from './rate-limit-policy.ts';
import { RateLimitExceeded, RateLimiter, type RateSlot } from './rate-limiter.ts';
import { retryAfterMs } from './retry-after.ts';
import { SharedRateLimiter } from './shared-rate-limiter.ts';
import { safeToRepeat, transportFailureOf, type TransportFailure } from './retry-policy.ts';
import { SingleFlight } from './single-flight.ts';
import { noteVendorStep } from '../../../telemetry/spans.ts';

/** Sends one request on the wire; throws what the HTTP library throws. */
export type Transport = (
  request: UpstreamRequest,
  signal: AbortSignal | undefined,
) => Promise<UpstreamResponse>;

/** Turns what the HTTP library threw into the vendor's UPSTREAM_UNAVAILABLE. */
export type TransportErrorMapper = (request: UpstreamRequest, error: unknown) => UpstreamError;

/**
 * - `answer`: the vendor answered (any status)
 * - `lost`: no answer (`failure` says why; `error` is what the HTTP library threw)
 */
type Attempt =
  | { kind: 'answer'; response: UpstreamResponse }
  | { kind: 'lost'; failure: TransportFailure; error: unknown };

function rate(limit: number, windowMs: number): string {
  return windowMs === 60_000 ? `${limit} requests a minute` : `${limit} requests per ${windowMs / 1000} s`;
}

/**
 * Every request to one vendor, guarded, outermost first:
 * 1. single flight: an identical GET under way is joined, not repeated;
 * 2. circuit breaker: a vendor known to be failing is not called (UPSTREAM_UNAVAILABLE at once);
 * 3. retries of requests safe to repeat, with full-jitter backoff or the vendor's Retry-After,
 *    never past the deadline;
 * 4. rate limiter: each attempt waits for a slot within the vendor's documented limits.
 * The adaptor above sees one request and one answer, as before.
 */
export class ResilientTransport {
  private readonly options: ResolvedResilience;
  private readonly breaker: CircuitBreaker;
  private readonly limiter: RateLimiter | SharedRateLimiter;
  private readonly rateLimits: RateLimitPolicy | undefined;
  private readonly flights = new SingleFlight<UpstreamResponse>();
  private readonly flightKeys = new FlightKeys();

  constructor(
    private readonly provider: ImportProvider,
    private readonly transport: Transport,
    private readonly transportError: TransportErrorMapper,
    policy: VendorPolicy = {},
    options: ResilienceOptions = {},
  ) {
    this.options = resolveResilience(options, policy);
    this.rateLimits = this.options.rateLimits ? policy.rateLimits : undefined;
    const local = new RateLimiter(this.options.now);
    const { sharedBudget, log, now } = this.options;
    this.limiter = sharedBudget ? new SharedRateLimiter(local, sharedBudget, { log, now }) : local;
    this.breaker = new CircuitBreaker(this.options.breaker, this.options.now, (state) => {
      this.emit({ kind: 'breaker', provider, state });
      if (state === 'open') {
        this.options.log?.warn(
          { provider, cooldownMs: this.options.breaker.cooldownMs },
          `${providerLabel(provider)} is failing; circuit opened`,
        );
      } else if (state === 'closed')
        this.options.log?.info({ provider }, `${providerLabel(provider)} answers again; circuit closed`);
    });
  }

  /** False while the vendor's circuit is open (ImportSource.isHealthy). */
  get healthy(): boolean {
    return this.breaker.healthy;
  }

  async request(request: UpstreamRequest): Promise<UpstreamResponse> {
    const deadline = deadlineOf(request.signal) ?? this.options.now() + this.options.fallbackDeadlineMs;
    try {
      if (!this.options.singleFlight || request.method !== 'GET')
        return await this.call(request, request.signal, () => deadline);
      const key = this.flightKeys.keyOf(request);
      const { promise, shared } = this.flights.run(key, request.signal, deadline, (flight) =>
        this.call(request, flight.signal, () => flight.deadline()),
      );
      if (shared) this.emit({ kind: 'shared', provider: this.provider, method: request.method });
      return await promise;
    } catch (error) {
      throw error instanceof UpstreamError ? error : this.transportError(request, error);
    }
  }

  close(): void {
    this.limiter.close();
  }

  /** One logical call through the breaker: its outcome after retries is what the breaker learns. */
  private async call(
    request: UpstreamRequest,
    signal: AbortSignal | undefined,
    deadline: () => number,
  ): Promise<UpstreamResponse> {
    let permit;
    try {
      permit = this.breaker.enter();
    } catch (error) {
      if (!(error instanceof CircuitOpenError)) throw error;
      this.emit({ kind: 'refused', provider: this.provider, reason: 'circuit-open' });
      const seconds = Math.max(1, Math.ceil(error.retryInMs / 1000));
      throw new UpstreamError(
        this.provider,
        'unavailable',
        `${providerLabel(this.provider)} is failing; the gateway stops calling it for ${seconds} s.`,
      );
    }
    let outcome: CallOutcome = 'neutral';
    try {
      const attempt = await this.attempts(request, signal, deadline, permit.probe);
      if (attempt.kind === 'lost') {
        outcome = attempt.failure === 'aborted' ? 'neutral' : 'failure';
        throw this.transportError(request, attempt.error);
      }
      outcome = attempt.response.status >= 500 ? 'failure' : 'success';
      return attempt.response;
    } finally {
      permit.settle(outcome);
    }
  }

  /** Attempts until one is worth keeping, the retries are spent or the deadline is near. */
  private async attempts(
    request: UpstreamRequest,
    signal: AbortSignal | undefined,
    deadline: () => number,
    probe: boolean,
  ): Promise<Attempt> {
    // A half-open probe makes one attempt: it is there to learn, quickly, whether the vendor is back.
    const maxAttempts = probe || !safeToRepeat(request) ? 1 : 1 + this.options.retry.retries;
    let last: Attempt | undefined;
    for (let number = 1; ; number++) {
      let attempt: Attempt;
      try {
        attempt = await this.attempt(request, signal, deadline);
      } catch (error) {
        if (!(error instanceof RateLimitExceeded)) throw error;
        // No slot before the deadline: the previous answer says more than "rate limited by us".
        if (last) return last;
        this.emit({ kind: 'refused', provider: this.provider, reason: 'rate-limit' });
        throw this.rateLimitedError(error);
      }
      last = attempt;
      if (number >= maxAttempts || !this.breaker.healthy) return attempt;
      const delayMs = this.retryDelay(attempt, number - 1);
      if (delayMs === undefined || this.options.now() + delayMs >= deadline()) return attempt;
      this.emit({
        kind: 'retry',
        provider: this.provider,
        method: request.method,
        attempt: number,
        delayMs,
        reason: attempt.kind === 'answer' ? String(attempt.response.status) : attempt.failure,
      });
      try {
        await sleep(delayMs, signal);
      } catch (error) {
        return { kind: 'lost', failure: 'aborted', error };
      }
    }
  }

  /** How long to wait before the next attempt, or undefined when it is not worth one. */
  private retryDelay(attempt: Attempt, retry: number): number | undefined {
    const { retry: options, random } = this.options;
    if (attempt.kind === 'lost')
      return attempt.failure === 'aborted' ? undefined : fullJitterDelay(retry, options, random);
    if (!this.options.retryable(attempt.response)) return undefined;
    const asked = retryAfterMs(attempt.response.headers['retry-after'], this.options.now());
    if (asked === undefined) return fullJitterDelay(retry, options, random);
    if (asked > options.maxRetryAfterMs) return undefined;
    // The vendor's wait, plus a little jitter so that callers told the same instant do not all come back at it.
    return asked + fullJitterDelay(0, options, random);
  }

  /** One attempt on the wire, inside a rate-limit slot when the vendor has limits. */
  private async attempt(
    request: UpstreamRequest,
    signal: AbortSignal | undefined,
    deadline: () => number,
  ): Promise<Attempt> {
    const bucket = this.rateLimits?.bucketFor(request);
    let slot: RateSlot | undefined;
    if (bucket) {
      const queuedAt = this.options.now();
      try {
        slot = await this.limiter.acquire(bucket, deadline(), signal);
      } catch (error) {
        if (error instanceof RateLimitExceeded) throw error;
        return { kind: 'lost', failure: 'aborted', error };
      }
      if (slot.queued) {
        const waitMs = this.options.now() - queuedAt;
        this.emit({ kind: 'queued', provider: this.provider, bucket: bucket.key, waitMs });
      }
    }
    const started = this.options.now();
    try {
      const response = await this.transport(request, signal);
      if (bucket) this.rateLimits?.observe?.(bucket, response, this.limiter);
      this.emit({
        kind: 'attempt',
        provider: this.provider,
        method: request.method,
        ms: this.options.now() - started,
        status: response.status,
      });
      return { kind: 'answer', response };
    } catch (error) {
      const failure = transportFailureOf(error, signal);
      this.emit({
        kind: 'attempt',
        provider: this.provider,
        method: request.method,
        ms: this.options.now() - started,
        failure,
      });
      return { kind: 'lost', failure, error: signal?.aborted ? abortError() : error };
    } finally {
      slot?.release();
    }
  }

  private rateLimitedError(error: RateLimitExceeded): UpstreamError {
    const seconds = Math.max(1, Math.ceil(error.waitMs / 1000));
    const limit = `${providerLabel(this.provider)} allows ${rate(error.rule.limit, error.rule.windowMs)}; the gateway keeps under that`;
    const refused = new UpstreamError(
      this.provider,
      'rate-limited',
      error.reason === 'share'
        ? `${limit}, shares it between the callers waiting for it, and this caller has its share of what is left before its deadline queued already; retry in ${seconds} s.`
        : `${limit}, and its next free slot, in ${seconds} s, is past this request's deadline.`,
    );
    refused.retryAfterSeconds = seconds;
    return refused;
  }

  private emit(event: ResilienceEvent): void {
    noteVendorStep(event);
    try {
      this.options.onEvent(event);
    } catch {
      // A listener's bug must not fail a vendor request.
    }
  }
}
