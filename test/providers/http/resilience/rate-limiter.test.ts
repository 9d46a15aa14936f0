import { describe, expect, it } from 'vitest';
import { RateLimitExceeded, RateLimiter } from '../../../../src/providers/http/resilience/rate-limiter.ts';
import type { RateBucket } from '../../../../src/providers/http/resilience/rate-limit-policy.ts';

const bucket = (limit: number, windowMs: number, key = 'k'): RateBucket => ({
  key,
  rules: [{ name: 'rule', limit, windowMs }],
});

/** Takes a slot, holds it `holdMs` (the request under way), releases it; answers when it was granted. */
async function request(limiter: RateLimiter, b: RateBucket, deadline: number, holdMs = 0) {
  const slot = await limiter.acquire(b, deadline);
  const grantedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, holdMs));
  slot.release();
  return grantedAt;
}

describe('rate limiter', () => {
  it('grants up to the limit at once, queues the rest and grants them a window after the first ended', async () => {
    const limiter = new RateLimiter();
    const b = bucket(3, 300);
    const start = Date.now();
    const granted = await Promise.all(
      Array.from({ length: 6 }, () => request(limiter, b, start + 5_000, 20)),
    );
    const offsets = granted.map((at) => at - start);
    expect(offsets.slice(0, 3).every((offset) => offset < 50)).toBe(true);
    // A slot is busy from its grant until windowMs after its release (20 ms later).
    expect(offsets.slice(3).every((offset) => offset >= 315)).toBe(true);
    expect(offsets.slice(3).every((offset) => offset < 600)).toBe(true);
  });

  it('never has more than the limit in any window, counted from when requests ended', async () => {
    const limiter = new RateLimiter();
    const b = bucket(4, 200);
    const start = Date.now();
    const spans: [number, number][] = [];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        const slot = await limiter.acquire(b, start + 10_000);
        const sent = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
        // Measured inside the limiter's own instants: sent after the grant, ended before the release.
        spans.push([sent, Date.now()]);
        slot.release();
      }),
    );
    // However a vendor places each request within its [sent, ended] span, no 200 ms window can
    // hold more than 4. The busiest window starts where one of the spans it meets ends.
    for (const [, end] of spans) {
      const meeting = spans.filter(([sent, ended]) => ended >= end && sent < end + 200).length;
      expect(meeting).toBeLessThanOrEqual(4);
    }
  });

  it('refuses at once when the earliest slot is past the deadline, without queueing', async () => {
    const limiter = new RateLimiter();
    const b = bucket(1, 60_000);
    const slot = await limiter.acquire(b, Date.now() + 1_000);
    const started = Date.now();
    const error = await limiter.acquire(b, Date.now() + 25_000).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(50);
    expect(error).toBeInstanceOf(RateLimitExceeded);
    expect((error as RateLimitExceeded).waitMs).toBeGreaterThanOrEqual(59_000);
    slot.release();
  });

  it('serves the queue first come, first served, and an aborted waiter leaves it', async () => {
    const limiter = new RateLimiter();
    const b = bucket(1, 100);
    const first = await limiter.acquire(b, Date.now() + 5_000);
    const order: string[] = [];
    const controller = new AbortController();
    const a = limiter.acquire(b, Date.now() + 5_000).then((slot) => {
      order.push('a');
      slot.release();
    });
    const dropped = limiter
      .acquire(b, Date.now() + 5_000, controller.signal)
      .catch(() => order.push('aborted'));
    const c = limiter.acquire(b, Date.now() + 5_000).then((slot) => {
      order.push('c');
      slot.release();
    });
    controller.abort();
    first.release();
    await Promise.all([a, dropped, c]);
    expect(order).toEqual(['aborted', 'a', 'c']);
  });

  it('a waiter whose slot would come after its deadline is refused while queued, not at its turn', async () => {
    const limiter = new RateLimiter();
    const b = bucket(1, 200);
    const held = await limiter.acquire(b, Date.now() + 5_000);
    const patient = limiter.acquire(b, Date.now() + 5_000);
    // Second in line: the earliest it can go is two windows away.
    const hasty = limiter.acquire(b, Date.now() + 250).catch((error: unknown) => error);
    held.release();
    expect(await hasty).toBeInstanceOf(RateLimitExceeded);
    (await patient).release();
  });

  it('slows down when the vendor reports fewer remaining requests than its own count', async () => {
    const limiter = new RateLimiter();
    const b = bucket(5, 60_000);
    const slot = await limiter.acquire(b, Date.now() + 1_000);
    // The vendor saw 4 others from the same IP: nothing left.
    limiter.remaining(b, b.rules[0]!, 0);
    slot.release();
    await expect(limiter.acquire(b, Date.now() + 1_000)).rejects.toBeInstanceOf(RateLimitExceeded);
  });

  it('keeps buckets apart', async () => {
    const limiter = new RateLimiter();
    await limiter.acquire(bucket(1, 60_000, 'a'), Date.now() + 100);
    await expect(limiter.acquire(bucket(1, 60_000, 'b'), Date.now() + 100)).resolves.toBeDefined();
  });
});
