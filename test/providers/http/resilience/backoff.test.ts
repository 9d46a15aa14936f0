import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from '../../../../src/providers/http/resilience/backoff.ts';
import { retryAfterMs } from '../../../../src/providers/http/resilience/retry-after.ts';

describe('full-jitter backoff', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('draws from [0, min(max, base * 2^retry)) and never beyond', () => {
    for (const [retry, ceiling] of [
      [0, 100],
      [1, 200],
      [2, 400],
      [3, 800],
      [4, 1_000],
      [10, 1_000],
    ] as const) {
      expect(fullJitterDelay(retry, options, () => 0)).toBe(0);
      expect(fullJitterDelay(retry, options, () => 0.999_999)).toBe(ceiling - 1);
      for (let i = 0; i < 200; i++) {
        const delay = fullJitterDelay(retry, options);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('spreads delays over the whole interval (full jitter, not around its end)', () => {
    const delays = Array.from({ length: 2_000 }, () => fullJitterDelay(3, options));
    expect(Math.min(...delays)).toBeLessThan(80);
    expect(Math.max(...delays)).toBeGreaterThan(720);
    const mean = delays.reduce((sum, delay) => sum + delay, 0) / delays.length;
    expect(mean).toBeGreaterThan(340);
    expect(mean).toBeLessThan(460);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('reads delta-seconds', () => {
    expect(retryAfterMs('7', now)).toBe(7_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs(['3', '9'], now)).toBe(3_000);
  });

  it('reads an HTTP date (IMF-fixdate, RFC 850, asctime) relative to now; a past date is now', () => {
    expect(retryAfterMs('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sunday, 01-Mar-26 12:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Sun Mar  1 12:00:02 2026', now)).toBeGreaterThanOrEqual(0);
    expect(retryAfterMs('Sat, 28 Feb 2026 12:00:00 GMT', now)).toBe(0);
  });

  it('ignores what is neither', () => {
    for (const value of [undefined, '', '1.5', '-3', 'soon', '10s'])
      expect(retryAfterMs(value, now)).toBeUndefined();
  });
});
