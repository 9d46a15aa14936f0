import { describe, expect, it } from 'vitest';
import {
  MAX_RETRY_AFTER_MS,
  retryAfterMs,
  retryAfterSeconds,
} from '../../../src/providers/http/resilience/retry-after.ts';
import { retryAfterSeconds as fromHeaders } from '../../../src/providers/http/upstream-client.ts';

/**
 * One parser of Retry-After (RFC 9110 §10.2.3) for the retry policy (milliseconds) and for the
 * vendors' errors (seconds). Before, the errors had a parser of their own that handed whatever
 * `Date.parse` made of a value to the client: `1.5` or `-3` read as dates of 2001, so "retry after
 * 0 s". The retry policy's rules won: delta-seconds or a date with a weekday or month, else nothing.
 */
describe('Retry-After, one parser', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('reads delta-seconds in both units (both former parsers did)', () => {
    expect(retryAfterMs('12', now)).toBe(12_000);
    expect(retryAfterSeconds('12', now)).toBe(12);
    expect(retryAfterSeconds(' 0 ', now)).toBe(0);
    expect(fromHeaders({ 'retry-after': '7' }, now)).toBe(7);
  });

  it('reads an HTTP date; seconds are rounded up, a past date is now (both former parsers did)', () => {
    expect(retryAfterMs('Sun, 01 Mar 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterSeconds('Sun, 01 Mar 2026 12:01:00 GMT', now - 400)).toBe(61);
    expect(retryAfterSeconds('Sat, 28 Feb 2026 12:00:00 GMT', now)).toBe(0);
    expect(fromHeaders({ 'retry-after': 'Sunday, 01-Mar-26 12:00:05 GMT' }, now)).toBe(5);
  });

  it('ignores what is neither, which the errors parser read as a date (`1.5`: 2001, so "retry now")', () => {
    for (const value of ['1.5', '-3', '2026-03-01T12:00:30Z', '10s', 'soon', ''])
      expect([value, fromHeaders({ 'retry-after': value }, now)]).toEqual([value, undefined]);
    expect(fromHeaders({}, now)).toBeUndefined();
  });

  it('clamps a wait beyond a day to a day', () => {
    expect(retryAfterMs('99999999999999999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterSeconds('Fri, 01 Mar 2030 12:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS / 1000);
  });
});
