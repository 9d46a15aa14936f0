import { describe, expect, it } from 'vitest';
import { RateLimiter, type RateLimitRule } from '../../../src/simulators/core/rate-limit.ts';

function limiterAt(start: number) {
  const clock = { now: start };
  return { clock, limiter: new RateLimiter(() => clock.now) };
}

describe('RateLimiter', () => {
  const perMinute: RateLimitRule = { name: 'minute', limit: 3, windowMs: 60_000, kind: 'fixed' };
  const burst: RateLimitRule = { name: 'burst', limit: 2, windowMs: 10_000, kind: 'sliding' };

  it('refuses the request after the limit in a fixed window and frees the next window', () => {
    const { clock, limiter } = limiterAt(Date.parse('2026-11-23T12:00:18Z'));
    expect([1, 2, 3].map(() => limiter.take([perMinute], 'token')!.allowed)).toEqual([true, true, true]);
    const refused = limiter.take([perMinute], 'token')!;
    expect(refused.allowed).toBe(false);
    // The window is the calendar minute: 42 s remain until 12:01:00.
    expect(refused.retryAfterSeconds).toBe(42);
    clock.now = Date.parse('2026-11-23T12:01:00Z');
    expect(limiter.take([perMinute], 'token')!.allowed).toBe(true);
  });

  it('counts keys separately', () => {
    const { limiter } = limiterAt(0);
    limiter.take([burst], 'a');
    limiter.take([burst], 'a');
    expect(limiter.take([burst], 'a')!.allowed).toBe(false);
    expect(limiter.take([burst], 'b')!.allowed).toBe(true);
  });

  it('slides: a request leaves the window windowMs after it was made', () => {
    const { clock, limiter } = limiterAt(1_000);
    limiter.take([burst], 'ip');
    clock.now = 5_000;
    limiter.take([burst], 'ip');
    clock.now = 10_999;
    const refused = limiter.take([burst], 'ip')!;
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(1);
    clock.now = 11_001;
    expect(limiter.take([burst], 'ip')!.allowed).toBe(true);
  });

  it('reports the tightest rule and does not count refused requests', () => {
    const { limiter } = limiterAt(0);
    const first = limiter.take([perMinute, burst], 'k')!;
    expect(first.rule.name).toBe('burst');
    expect(first.remaining).toBe(1);
    limiter.take([perMinute, burst], 'k');
    expect(limiter.take([perMinute, burst], 'k')!.allowed).toBe(false);
    // The refused request did not use up the per-minute allowance.
    expect(limiter.take([perMinute], 'k')!.remaining).toBe(0);
  });
});
