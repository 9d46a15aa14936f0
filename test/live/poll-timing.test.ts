import { describe, expect, it } from 'vitest';
import { backoffAfter, nextInterval } from '../../src/live/poll-timing.ts';
import { UpstreamError } from '../../src/providers/http/upstream-error.ts';

const timing = { activeMs: 2_000, idleMs: 15_000, maxBackoffMs: 60_000 };

describe('poll timing', () => {
  it('is fast after a change and slows down, up to idle, while nothing changes', () => {
    let interval = timing.activeMs;
    const seen: number[] = [];
    for (let poll = 0; poll < 8; poll++) seen.push((interval = nextInterval(interval, false, timing)));
    expect(seen).toEqual([3_000, 4_500, 6_750, 10_125, 15_000, 15_000, 15_000, 15_000]);
    expect(nextInterval(15_000, true, timing)).toBe(2_000);
  });

  it('backs off by doubling up to the cap, and waits at least what Retry-After says', () => {
    expect([1, 2, 3, 10].map((failures) => backoffAfter(failures, new Error('x'), timing))).toEqual([
      4_000, 8_000, 16_000, 60_000,
    ]);
    const limited = new UpstreamError('COMMERCE_LAYER', 'rate-limited', '429', { retryAfterSeconds: 30 });
    expect(backoffAfter(1, limited, timing)).toBe(30_000);
    const huge = new UpstreamError('FLEETIO', 'rate-limited', '429', { retryAfterSeconds: 3_600 });
    expect(backoffAfter(1, huge, timing)).toBe(60_000);
  });
});
