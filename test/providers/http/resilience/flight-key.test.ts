import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FlightKeys } from '../../../../src/providers/http/resilience/flight-key.ts';
import type { UpstreamRequest } from '../../../../src/providers/http/upstream-message.ts';

const URL_A = 'http://127.0.0.1:1/api/v1/imports?per_page=100';

const fleetio = (apiKey: string, url = URL_A): UpstreamRequest => ({
  method: 'GET',
  url,
  headers: {
    authorization: `Token ${apiKey}`,
    'account-token': 'account-1',
    accept: 'application/json',
  },
});

describe('FlightKeys', () => {
  it('names the same request alike, so callers share one flight', () => {
    const keys = new FlightKeys();
    expect(keys.keyOf(fleetio('secret-one'))).toBe(keys.keyOf(fleetio('secret-one')));
    // Another client's keys agree: the key depends on the request alone, not on what was seen before.
    expect(new FlightKeys().keyOf(fleetio('secret-one'))).toBe(keys.keyOf(fleetio('secret-one')));
  });

  it('never lets two credentials share a flight, whatever came between', () => {
    const keys = new FlightKeys();
    const one = keys.keyOf(fleetio('secret-one'));
    const two = keys.keyOf(fleetio('secret-two'));
    expect(two).not.toBe(one);
    // Back to the first credential after the second (a token renewed, then an old one in flight).
    expect(keys.keyOf(fleetio('secret-one'))).toBe(one);
    expect(keys.keyOf(fleetio('secret-two'))).toBe(two);
    const otherAccount = fleetio('secret-one');
    otherAccount.headers = { ...otherAccount.headers, 'account-token': 'account-2' };
    expect(keys.keyOf(otherAccount)).not.toBe(one);
  });

  it('tells apart method, URL and the headers that are not credentials', () => {
    const keys = new FlightKeys();
    const base = keys.keyOf(fleetio('secret-one'));
    expect(keys.keyOf(fleetio('secret-one', `${URL_A}&page=2`))).not.toBe(base);
    expect(keys.keyOf({ ...fleetio('secret-one'), method: 'DELETE' })).not.toBe(base);
    const versioned = fleetio('secret-one');
    versioned.headers = { ...versioned.headers, 'x-api-version': '2024-06-30' };
    expect(keys.keyOf(versioned)).not.toBe(base);
    expect(keys.keyOf({ method: 'GET', url: URL_A })).not.toBe(base);
  });

  it('holds no credential where it could be printed: not in the key, not in the object shown', () => {
    const keys = new FlightKeys();
    const key = keys.keyOf(fleetio('secret-one'));
    expect(key).not.toContain('secret-one');
    expect(key).not.toContain('account-1');
    expect(inspect(keys, { showHidden: true, depth: 5 })).not.toContain('secret-one');
    expect(JSON.stringify(keys)).not.toContain('secret-one');
  });
});
