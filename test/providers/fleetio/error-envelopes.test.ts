import { describe, expect, test } from 'vitest';
import { fleetioError } from '../../../src/providers/fleetio/errors.ts';
import type { UpstreamResponse } from '../../../src/providers/http/upstream-client.ts';

/** A vendor answer as UpstreamClient hands it over (the HTTP side is tested against the simulator). */
const answer = (status: number, body: unknown, headers: Record<string, string> = {}): UpstreamResponse => ({
  status,
  headers,
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});

describe('Fleetio error envelopes (specs/VENDOR-REFERENCE.md §1, Errors)', () => {
  test('RFC 7807 body: the title is kept, detail and instance are not', () => {
    const error = fleetioError(
      answer(500, {
        status: 500,
        title: 'Internal Server Error',
        detail: 'secret-ish',
        instance: '/api/v1/imports',
      }),
    );
    expect(error).toMatchObject({
      failure: 'unavailable',
      upstream: { status: 500, title: 'Internal Server Error' },
    });
    expect(JSON.stringify(error.upstream) + error.message).not.toContain('secret-ish');
  });

  test('5xx without a body, or with an HTML one, is still UPSTREAM_UNAVAILABLE', () => {
    expect(fleetioError(answer(502, ''))).toMatchObject({
      failure: 'unavailable',
      upstream: { status: 502 },
      message: 'Fleetio answered 502 (Bad Gateway).',
    });
    expect(fleetioError(answer(504, '<html>timeout</html>')).failure).toBe('unavailable');
  });

  test('legacy 401 text body and empty 403 body', () => {
    expect(fleetioError(answer(401, 'HTTP Token: Access denied.\n'))).toMatchObject({
      failure: 'error',
      upstream: { status: 401 },
    });
    expect(fleetioError(answer(403, ''))).toMatchObject({ failure: 'error', upstream: { status: 403 } });
  });

  test('429 {error} with Retry-After, in seconds or as a date', () => {
    const body = { error: 'Too many requests detected from your account token.' };
    expect(fleetioError(answer(429, body, { 'retry-after': '12' }))).toMatchObject({
      failure: 'rate-limited',
      upstream: { status: 429, retryAfterSeconds: 12 },
    });
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const dated = fleetioError(answer(429, body, { 'retry-after': inAMinute }));
    expect(dated.upstream.retryAfterSeconds).toBeGreaterThanOrEqual(58);
    expect(fleetioError(answer(429, body)).upstream).toEqual({ status: 429 });
  });

  test('400/422 on a filter value is the caller’s; on the cursor, page size, sort or version it is ours', () => {
    const filter = fleetioError(
      answer(422, { errors: { 'filter[created_at][gte]': ['must be an ISO 8601 date-time'] } }),
    );
    expect(filter).toMatchObject({ failure: 'invalid-request', upstream: { status: 422 } });
    expect(filter.message).toContain('filter[created_at][gte]');
    expect(filter.message).not.toContain('ISO 8601');
    for (const field of ['start_cursor', 'per_page', 'sort[created_at]', 'X-Api-Version', 'base']) {
      const ours = fleetioError(
        answer(400, { errors: { [field]: ['was made for a different sort order'] } }),
      );
      expect(ours.failure, field).toBe('error');
      expect(ours.message).toContain(field);
    }
    expect(fleetioError(answer(400, 'garbage')).failure).toBe('error');
  });

  test('404 is NOT_FOUND for a lookup, a set-up problem for a list', () => {
    const body = { status: 404, title: 'Not Found', detail: 'The requested resource could not be located' };
    expect(fleetioError(answer(404, body), { lookup: true }).failure).toBe('not-found');
    expect(fleetioError(answer(404, body)).failure).toBe('error');
  });

  test('any other status is UPSTREAM_ERROR naming it', () => {
    expect(fleetioError(answer(418, ''))).toMatchObject({
      failure: 'error',
      message: "Fleetio answered 418 (I'm a Teapot).",
    });
  });
});
