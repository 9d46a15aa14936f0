import { randomUUID } from 'node:crypto';
import { sleep } from '../../../deadline.ts';
import type { BudgetClaim, BudgetQueue, SharedRateBudget } from '../../../imports/shared-rate-budget.ts';
import type { Logger } from '../../../log.ts';
import { callerOf } from '../../../signal-caller.ts';
import { GATEWAY_CALLER, withinShare } from './fair-share.ts';
import type { RateBucket, RateLimitFeedback, RateRule } from './rate-limit-policy.ts';
import { RateLimitExceeded, type RateLimiter, type RateSlot } from './rate-limiter.ts';

/**
 * A vendor budget counted by every instance together (docs/SECURITY.md, Fair use of vendor
 * budgets), over this instance's own limiter. When this instance has a slot free at once and no
 * request waits for the bucket on any instance, the request takes the shared slot outright: two
 * round trips to Redis (take, release) for the usual, uncontended request. Otherwise:
 * 1. the request joins the bucket's cluster-wide queue, and is refused at once when other callers
 *    wait and its caller has its share of the cluster's waiting requests already (fair-share.ts);
 * 2. it waits for a slot of this instance's limiter, which serves its callers round-robin;
 * 3. it takes a slot of the shared window, waiting while none is free and its deadline allows.
 * When the shared budget cannot be reached, the request goes on with this instance's limiter
 * alone, and the outage is logged once: an outage must not stop vendor calls.
 */
export class SharedRateLimiter implements RateLimitFeedback {
  private reachable = true;
  /** Aborts the requests waiting for a shared slot when the client closes. */
  private readonly closing = new AbortController();

  constructor(
    private readonly local: RateLimiter,
    private readonly shared: SharedRateBudget,
    private readonly options: { log?: Logger; now: () => number },
  ) {}

  async acquire(bucket: RateBucket, deadline: number, signal?: AbortSignal): Promise<RateSlot> {
    const caller = callerOf(signal) ?? GATEWAY_CALLER;
    const claim: BudgetClaim = { bucket: bucket.key, windows: bucket.rules, id: randomUUID(), deadline };
    if (!this.local.grantsAtOnce(bucket)) return this.queued(bucket, claim, caller, signal);
    const slot = await this.local.acquire(bucket, deadline, signal);
    const taken = await this.reach(() => this.shared.takeUnlessQueued(claim));
    if (taken === undefined) return slot;
    if (taken !== 'queued' && taken.granted) return this.bothSlots(claim, slot, false);
    return this.queued(bucket, claim, caller, signal, slot);
  }

  /** Joins the cluster-wide queue, then waits for this instance's slot (unless `held`) and the shared one. */
  private async queued(
    bucket: RateBucket,
    claim: BudgetClaim,
    caller: string,
    signal: AbortSignal | undefined,
    held?: RateSlot,
  ): Promise<RateSlot> {
    const queue = await this.reach(() => this.shared.join(claim, caller));
    try {
      if (queue) this.checkShare(bucket, queue, caller);
    } catch (error) {
      held?.giveBack();
      if (queue) void this.reach(() => this.shared.leave(claim, caller));
      throw error;
    }
    try {
      const slot = held ?? (await this.local.acquire(bucket, claim.deadline, signal));
      if (!queue) return slot;
      return await this.takeShared(bucket, claim, slot, signal);
    } finally {
      if (queue) void this.reach(() => this.shared.leave(claim, caller));
    }
  }

  remaining(bucket: RateBucket, rule: RateRule, remaining: number): void {
    this.local.remaining(bucket, rule, remaining);
  }

  close(): void {
    this.closing.abort();
    this.local.close();
  }

  private checkShare(bucket: RateBucket, queue: BudgetQueue, caller: string): void {
    const waiters = queue.callers.map((waiting) => ({ caller: waiting }));
    if (withinShare({ waiters, caller, capacity: queue.capacity })) return;
    throw new RateLimitExceeded(queue.waitMs, ruleOf(bucket, queue.window), 'share');
  }

  /** Holds this instance's `slot` until the shared window has one too, or gives it back. */
  private async takeShared(
    bucket: RateBucket,
    claim: BudgetClaim,
    slot: RateSlot,
    signal: AbortSignal | undefined,
  ): Promise<RateSlot> {
    let waited = false;
    for (;;) {
      const taken = await this.reach(() => this.shared.take(claim));
      if (!taken) return slot;
      if (taken.granted) return this.bothSlots(claim, slot, waited);
      if (this.options.now() + taken.waitMs > claim.deadline) {
        slot.giveBack();
        throw new RateLimitExceeded(taken.waitMs, ruleOf(bucket, taken.window));
      }
      try {
        const stop = signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal;
        await sleep(taken.waitMs, stop);
      } catch (error) {
        slot.giveBack();
        throw error;
      }
      waited = true;
    }
  }

  private bothSlots(claim: BudgetClaim, slot: RateSlot, waited: boolean): RateSlot {
    return {
      queued: slot.queued || waited,
      release: () => {
        slot.release();
        void this.reach(() => this.shared.release(claim));
      },
      // Not sent: the shared slot stays counted until its hold expires, the safe side.
      giveBack: () => slot.giveBack(),
    };
  }

  /** The shared budget's answer, or undefined while it cannot be reached (logged once per outage). */
  private async reach<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      const answer = await call();
      if (!this.reachable) {
        this.reachable = true;
        this.options.log?.info('Shared vendor budgets reachable again; counted across instances');
      }
      return answer;
    } catch (error) {
      if (this.reachable) {
        this.reachable = false;
        this.options.log?.warn(
          { err: error },
          'Shared vendor budgets unreachable; each instance counts its own until Redis answers',
        );
      }
      return undefined;
    }
  }
}

function ruleOf(bucket: RateBucket, index: number): RateRule {
  return bucket.rules[index] ?? bucket.rules[0]!;
}
