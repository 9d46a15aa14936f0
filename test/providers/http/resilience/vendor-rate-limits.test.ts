import { describe, expect, it } from 'vitest';
import { commerceLayerRateLimits } from '../../../../src/providers/commercelayer/rate-limits.ts';
import { fleetioRateLimits } from '../../../../src/providers/fleetio/rate-limits.ts';
import type { RateBucket, RateRule } from '../../../../src/providers/http/resilience/rate-limit-policy.ts';
import { sailpointRateLimits } from '../../../../src/providers/sailpoint/rate-limits.ts';
import type { UpstreamRequest } from '../../../../src/providers/http/upstream-client.ts';

const get = (url: string): UpstreamRequest => ({ method: 'GET', url });
const rules = (bucket: RateBucket | undefined) =>
  bucket?.rules.map(({ name, limit, windowMs }) => ({ name, limit, windowMs }));

describe('documented vendor limits', () => {
  it('Fleetio: the configured figure per minute, per account token, for Fleetio’s own origin only', () => {
    const policy = fleetioRateLimits('https://secure.fleetio.com/api', 'account-secret', 60);
    const bucket = policy.bucketFor(get('https://secure.fleetio.com/api/v1/imports?per_page=5'));
    expect(rules(bucket)).toEqual([{ name: 'per account token', limit: 60, windowMs: 60_000 }]);
    expect(bucket!.key).not.toContain('account-secret');
    expect(policy.bucketFor(get('https://storage.example/records.json'))).toBeUndefined();
    expect(
      rules(
        fleetioRateLimits('https://secure.fleetio.com/api', 'a').bucketFor(
          get('https://secure.fleetio.com/api/v1/imports'),
        ),
      ),
    ).toEqual([{ name: 'per account token', limit: 20, windowMs: 60_000 }]);
  });

  it('SailPoint: 100 per 10 s per client; the token endpoint is not counted', () => {
    const policy = sailpointRateLimits('https://acme.api.identitynow.com', 'client');
    expect(rules(policy.bucketFor(get('https://acme.api.identitynow.com/v2025/sp-config/import/1')))).toEqual(
      [{ name: 'per access token', limit: 100, windowMs: 10_000 }],
    );
    expect(
      policy.bucketFor({ method: 'POST', url: 'https://acme.api.identitynow.com/oauth/token' }),
    ).toBeUndefined();
  });

  it('Commerce Layer: token, reads and writes apart, documented until the headers say otherwise', () => {
    const policy = commerceLayerRateLimits('https://acme.commercelayer.io', 'https://auth.commercelayer.io');
    const token = policy.bucketFor({ method: 'POST', url: 'https://auth.commercelayer.io/oauth/token' })!;
    const reads = policy.bucketFor(get('https://acme.commercelayer.io/api/imports?page[size]=25'))!;
    const writes = policy.bucketFor({ method: 'PATCH', url: 'https://acme.commercelayer.io/api/imports/x' })!;
    expect(rules(token)).toEqual([{ name: 'token average', limit: 30, windowMs: 60_000 }]);
    expect(rules(reads)).toEqual([
      { name: 'reads average', limit: 200, windowMs: 60_000 },
      { name: 'reads burst', limit: 50, windowMs: 10_000 },
    ]);
    expect(writes.key).not.toBe(reads.key);

    // Test mode: the vendor says 100 a minute, with 40 left (another client shares the IP).
    const reported: [RateRule, number][] = [];
    policy.observe!(
      reads,
      {
        status: 200,
        headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-interval': '60', 'x-ratelimit-remaining': '40' },
        body: Buffer.alloc(0),
      },
      { remaining: (_bucket, rule, remaining) => reported.push([rule, remaining]) },
    );
    expect(rules(reads)).toEqual([
      { name: 'reads average', limit: 100, windowMs: 60_000 },
      { name: 'reads burst', limit: 25, windowMs: 10_000 },
    ]);
    expect(reported.map(([rule, remaining]) => [rule.name, remaining])).toEqual([['reads average', 40]]);
    // No headers: nothing changes.
    policy.observe!(writes, { status: 200, headers: {}, body: Buffer.alloc(0) }, { remaining: () => {} });
    expect(rules(writes)?.[0]?.limit).toBe(200);
  });
});
