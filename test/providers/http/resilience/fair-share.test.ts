import { describe, expect, it } from 'vitest';
import { roundRobin, withinShare } from '../../../../src/providers/http/resilience/fair-share.ts';
import { RateLimitExceeded, RateLimiter } from '../../../../src/providers/http/resilience/rate-limiter.ts';
import type { RateBucket } from '../../../../src/providers/http/resilience/rate-limit-policy.ts';
import { SingleFlight } from '../../../../src/providers/http/resilience/single-flight.ts';
import { callerOf, setCallerOf } from '../../../../src/signal-caller.ts';

const bucket = (limit: number, windowMs: number): RateBucket => ({
  key: 'k',
  rules: [{ name: 'rule', limit, windowMs }],
});

/** A signal carrying `caller`, as an operation's does (operation/deadline.ts). */
function signalOf(caller: string): AbortSignal {
  const signal = new AbortController().signal;
  setCallerOf(signal, caller);
  return signal;
}

const queued = (caller: string, n: number) => ({ caller, n });

describe('round-robin order', () => {
  it('serves one request of each caller in turn, each caller’s own in the order they came', () => {
    const waiters = [
      queued('a', 1),
      queued('a', 2),
      queued('a', 3),
      queued('b', 1),
      queued('c', 1),
      queued('b', 2),
    ];
    const order = (last?: string) => roundRobin(waiters, last).map(({ caller, n }) => `${caller}${n}`);
    expect(order()).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(order('a')).toEqual(['b1', 'c1', 'a1', 'b2', 'a2', 'a3']);
    expect(order('c')).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('leaves a share of the capacity to each caller waiting, at least one', () => {
    const waiters = [queued('a', 1), queued('a', 2), queued('b', 1)];
    expect(withinShare({ waiters, caller: 'a', capacity: 6 })).toBe(true);
    expect(withinShare({ waiters, caller: 'a', capacity: 5 })).toBe(false);
    expect(withinShare({ waiters, caller: 'c', capacity: 0 })).toBe(true);
    // Alone, a caller is bounded by its deadline only.
    expect(withinShare({ waiters: waiters.slice(0, 2), caller: 'a', capacity: 0 })).toBe(true);
  });
});

describe('rate limiter shared by callers', () => {
  it('grants waiting requests round-robin by caller, not first come first served', async () => {
    const limiter = new RateLimiter();
    const b = bucket(1, 50);
    const deadline = Date.now() + 5_000;
    const held = await limiter.acquire(b, deadline, signalOf('alice'));
    const granted: string[] = [];
    const take = (caller: string, n: number) =>
      limiter.acquire(b, deadline, signalOf(caller)).then((slot) => {
        granted.push(`${caller}${n}`);
        slot.release();
      });
    const all = [take('alice', 1), take('alice', 2), take('alice', 3), take('bob', 1)];
    held.release();
    await Promise.all(all);
    expect(granted).toEqual(['alice1', 'bob1', 'alice2', 'alice3']);
  });

  it('refuses a caller over its share at once, naming the reason, and lets the other caller queue', async () => {
    const limiter = new RateLimiter();
    // 2 a window of 100 ms: 20 requests fit before a deadline 1 s away, 10 for each of 2 callers.
    const b = bucket(2, 100);
    const deadline = Date.now() + 1_000;
    const held = [await limiter.acquire(b, deadline), await limiter.acquire(b, deadline)];
    const waiting = Array.from({ length: 10 }, () => limiter.acquire(b, deadline, signalOf('alice')));
    waiting.push(limiter.acquire(b, deadline, signalOf('bob')));
    const over = await limiter.acquire(b, deadline, signalOf('alice')).catch((error: unknown) => error);
    expect(over).toBeInstanceOf(RateLimitExceeded);
    expect((over as RateLimitExceeded).reason).toBe('share');
    limiter.close();
    for (const slot of held) slot.release();
    await Promise.allSettled(waiting);
  });
});

describe('single flight', () => {
  it('charges a shared request to the caller who started it', async () => {
    const flights = new SingleFlight<string | undefined>();
    let release: () => void = () => undefined;
    const started = flights.run('GET /x', signalOf('alice'), Date.now() + 1_000, async (flight) => {
      await new Promise<void>((resolve) => (release = resolve));
      return callerOf(flight.signal);
    });
    const joined = flights.run('GET /x', signalOf('bob'), Date.now() + 1_000, () => Promise.resolve('bob'));
    expect(joined.shared).toBe(true);
    release();
    expect(await joined.promise).toBe('alice');
    expect(await started.promise).toBe('alice');
  });
});
