import { abortError } from '../../../deadline.ts';
import { callerOf } from '../../../signal-caller.ts';
import { GATEWAY_CALLER, roundRobin, withinShare } from './fair-share.ts';
import type { RateBucket, RateLimitFeedback, RateRule } from './rate-limit-policy.ts';

/** A granted request; release it when its answer (or failure) is in. */
export interface RateSlot {
  /** The request waited in the queue for this slot. */
  readonly queued: boolean;
  release(): void;
  /** The request was never sent (another budget refused it): the slot is free again, uncounted. */
  giveBack(): void;
}

/**
 * Why a request gets no slot:
 * - `deadline`: the next free slot comes after the caller's deadline, waiting would be pointless;
 * - `share`: other callers wait for the same budget, and this caller has its share queued already.
 */
export type RateRefusal = 'deadline' | 'share';

export class RateLimitExceeded extends Error {
  constructor(
    readonly waitMs: number,
    readonly rule: RateRule,
    readonly reason: RateRefusal = 'deadline',
  ) {
    super(`rate limit ${rule.name}: next slot in ${waitMs} ms (${reason})`);
    this.name = 'RateLimitExceeded';
  }
}

/**
 * One window's requests: those still under way, and the instants (ascending) at which the others
 * ended. A request occupies its window from when it is sent until `windowMs` after its answer:
 * the vendor counted it somewhere in between, so however long it took on the way, it cannot be
 * counted by the vendor in a later window than ours. That makes a sliding window on our side
 * safe against both sliding windows (Commerce Layer) and calendar windows (Fleetio, SailPoint).
 */
interface Window {
  inFlight: number;
  endedAt: number[];
}

interface Waiter {
  bucket: RateBucket;
  /** The principal the request is made for (fair-share.ts). */
  caller: string;
  deadline: number;
  grant(slot: RateSlot): void;
  refuse(error: Error): void;
}

interface Queue {
  /** In the order they will be served (fair-share.ts, `roundRobin`). */
  waiters: Waiter[];
  timer: NodeJS.Timeout | undefined;
  lastServed: string | undefined;
}

/**
 * Client-side rate limiting per bucket: a request waits in a queue for a free slot in every window
 * of its bucket, while its deadline allows; it is refused at once (RateLimitExceeded) when the
 * earliest possible slot is already past the deadline, or when other callers wait too and its
 * caller has its share queued. The queue serves callers round-robin (fair-share.ts); the caller
 * is the principal recorded on the request's signal (src/signal-caller.ts). It counts this process's
 * requests only; with REDIS_URL, shared-rate-limiter.ts counts every instance's over it.
 */
export class RateLimiter implements RateLimitFeedback {
  private readonly windows = new Map<string, Window>();
  private readonly queues = new Map<string, Queue>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether `acquire` would grant a slot of `bucket` at once: nobody waits and every window has room. */
  grantsAtOnce(bucket: RateBucket): boolean {
    return this.queueOf(bucket.key).waiters.length === 0 && this.availableAt(bucket, 0).at <= this.now();
  }

  acquire(bucket: RateBucket, deadline: number, signal?: AbortSignal): Promise<RateSlot> {
    if (signal?.aborted) return Promise.reject(abortError());
    const queue = this.queueOf(bucket.key);
    const caller = callerOf(signal) ?? GATEWAY_CALLER;
    if (this.grantsAtOnce(bucket)) return Promise.resolve(this.take(bucket, false));
    const capacity = this.capacityBefore(bucket, deadline);
    if (!withinShare({ waiters: queue.waiters, caller, capacity })) {
      const { at, rule } = this.availableAt(bucket, queue.waiters.length);
      return Promise.reject(new RateLimitExceeded(Math.max(0, at - this.now()), rule, 'share'));
    }
    return new Promise<RateSlot>((resolve, reject) => {
      const onAbort = () => {
        queue.waiters = queue.waiters.filter((waiter) => waiter !== entry);
        reject(abortError());
        this.pump(bucket.key);
      };
      const entry: Waiter = {
        bucket,
        caller,
        deadline,
        grant: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
        refuse: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const order = roundRobin([...queue.waiters, entry], queue.lastServed);
      const { at, rule } = this.availableAt(bucket, order.indexOf(entry));
      if (at > deadline) {
        reject(new RateLimitExceeded(at - this.now(), rule));
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.waiters = order;
      this.pump(bucket.key);
    });
  }

  /**
   * The vendor says `remaining` requests are left in `rule`'s window. When that is fewer than our
   * own count leaves, someone else spends the same budget (another instance behind the same IP):
   * the difference is booked as requests that just ended, so our queue slows down to match.
   */
  remaining(bucket: RateBucket, rule: RateRule, remaining: number): void {
    const window = this.windowOf(bucket.key, rule);
    const ours = window.inFlight + window.endedAt.length;
    const theirs = Math.min(rule.limit, Math.max(0, rule.limit - remaining - ours));
    const now = this.now();
    for (let i = 0; i < theirs; i++) window.endedAt.push(now);
  }

  /** Refuses every waiting request (the client is closing). */
  close(): void {
    for (const queue of this.queues.values()) {
      clearTimeout(queue.timer);
      for (const waiter of queue.waiters.splice(0)) waiter.refuse(abortError());
    }
  }

  private take(bucket: RateBucket, queued: boolean): RateSlot {
    const windows = bucket.rules.map((rule) => this.windowOf(bucket.key, rule));
    for (const window of windows) window.inFlight += 1;
    let released = false;
    return {
      queued,
      release: () => {
        if (released) return;
        released = true;
        const now = this.now();
        for (const window of windows) {
          window.inFlight -= 1;
          window.endedAt.push(now);
        }
        this.pump(bucket.key);
      },
      giveBack: () => {
        if (released) return;
        released = true;
        for (const window of windows) window.inFlight -= 1;
        this.pump(bucket.key);
      },
    };
  }

  /** Grants what can be granted now, refuses what can no longer make its deadline, sleeps till the next slot. */
  private pump(key: string): void {
    const queue = this.queueOf(key);
    clearTimeout(queue.timer);
    queue.timer = undefined;
    while (queue.waiters.length > 0) {
      const head = queue.waiters[0]!;
      const { at } = this.availableAt(head.bucket, 0);
      if (at > this.now()) break;
      queue.waiters.shift();
      queue.lastServed = head.caller;
      queue.waiters = roundRobin(queue.waiters, queue.lastServed);
      head.grant(this.take(head.bucket, true));
    }
    // Waiters behind the head whose earliest possible slot is already past their deadline.
    let position = 0;
    queue.waiters = queue.waiters.filter((waiter) => {
      const { at, rule } = this.availableAt(waiter.bucket, position);
      if (at > waiter.deadline) {
        waiter.refuse(new RateLimitExceeded(at - this.now(), rule));
        return false;
      }
      position += 1;
      return true;
    });
    const head = queue.waiters[0];
    if (head) {
      const wait = Math.max(1, this.availableAt(head.bucket, 0).at - this.now());
      queue.timer = setTimeout(() => this.pump(key), wait);
      queue.timer.unref();
    }
  }

  /**
   * The earliest instant a request could be sent with `ahead` requests queued before it: a lower
   * bound, since requests still under way end at an unknown time (taken as now).
   */
  private availableAt(bucket: RateBucket, ahead: number): { at: number; rule: RateRule } {
    const now = this.now();
    let latest = { at: now, rule: bucket.rules[0]! };
    for (const rule of bucket.rules) {
      const window = this.windowOf(bucket.key, rule);
      const mustEnd = window.inFlight + window.endedAt.length + ahead + 1 - Math.max(1, rule.limit);
      let at = now;
      if (mustEnd > 0) {
        at =
          mustEnd <= window.endedAt.length
            ? window.endedAt[mustEnd - 1]! + rule.windowMs
            : Math.max(now + rule.windowMs, (window.endedAt.at(-1) ?? now) + rule.windowMs);
      }
      if (at > latest.at) latest = { at, rule };
    }
    return latest;
  }

  /**
   * How many requests the bucket can still send before `deadline`, by its tightest window: the
   * slots of the current window free by then, and a full window for each whole window after it.
   */
  private capacityBefore(bucket: RateBucket, deadline: number): number {
    const ahead = Math.max(0, deadline - this.now());
    let capacity = Infinity;
    for (const rule of bucket.rules) {
      const window = this.windowOf(bucket.key, rule);
      const stillCounted = window.endedAt.filter((ended) => ended + rule.windowMs > deadline).length;
      const free = Math.max(0, rule.limit - window.inFlight - stillCounted);
      capacity = Math.min(capacity, free + rule.limit * Math.floor(ahead / rule.windowMs));
    }
    return capacity === Infinity ? 0 : capacity;
  }

  private windowOf(key: string, rule: RateRule): Window {
    const id = `${key}\u0000${rule.name}`;
    let window = this.windows.get(id);
    if (!window) {
      window = { inFlight: 0, endedAt: [] };
      this.windows.set(id, window);
    }
    const horizon = this.now() - rule.windowMs;
    let expired = 0;
    while (expired < window.endedAt.length && window.endedAt[expired]! <= horizon) expired++;
    if (expired > 0) window.endedAt.splice(0, expired);
    return window;
  }

  private queueOf(key: string): Queue {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { waiters: [], timer: undefined, lastServed: undefined };
      this.queues.set(key, queue);
    }
    return queue;
  }
}
