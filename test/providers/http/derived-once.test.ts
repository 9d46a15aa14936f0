import { describe, expect, it } from 'vitest';
import { derivedOnce } from '../../../src/providers/http/derived-once.ts';
import { parseVendorJson, type UpstreamResponse } from '../../../src/providers/http/upstream-client.ts';
import { UpstreamError } from '../../../src/providers/http/upstream-error.ts';

const answer = (text: string): UpstreamResponse => ({ status: 200, headers: {}, body: Buffer.from(text) });

describe('work derived from a shared vendor answer', () => {
  it('derives once per answer object, and again for another answer', () => {
    const cache = new WeakMap<object, number>();
    let calls = 0;
    const derive = () => ++calls;
    const shared = {};
    expect(derivedOnce(cache, shared, derive)).toBe(1);
    expect(derivedOnce(cache, shared, derive)).toBe(1);
    expect(derivedOnce(cache, {}, derive)).toBe(2);
  });

  it('keeps nothing when the derivation throws, so each caller gets its own error', () => {
    const cache = new WeakMap<object, number>();
    const key = {};
    let calls = 0;
    const failing = () => {
      calls += 1;
      throw new Error('bad body');
    };
    expect(() => derivedOnce(cache, key, failing)).toThrow('bad body');
    expect(() => derivedOnce(cache, key, failing)).toThrow('bad body');
    expect(calls).toBe(2);
  });

  it('parses a body once for every caller that shares the answer', () => {
    const response = answer('{"records":[{"id":1}]}');
    const first = parseVendorJson('FLEETIO', response);
    expect(parseVendorJson('FLEETIO', response)).toBe(first);
    expect(parseVendorJson('FLEETIO', answer('{"records":[{"id":1}]}'))).not.toBe(first);
    expect(() => parseVendorJson('FLEETIO', answer('{not json'))).toThrow(UpstreamError);
  });
});
