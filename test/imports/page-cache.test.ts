import { describe, expect, it } from 'vitest';
import type { Import } from '../../src/imports/model.ts';
import { PageCache, type ProviderRest } from '../../src/imports/page-cache.ts';

const items = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ providerId: String(index) }) as Import);
const rests = (count: number) =>
  new Map<'FLEETIO', ProviderRest>([['FLEETIO', { items: items(count), complete: false }]]);

describe('PageCache', () => {
  it('answers an entry until its TTL, then forgets it', () => {
    let now = 0;
    const cache = new PageCache({ ttlMs: 1_000, now: () => now });
    cache.put('alice', 'a', rests(3));
    now = 999;
    expect(cache.get('alice', 'a')?.get('FLEETIO')?.items).toHaveLength(3);
    expect(cache.get('alice', 'a')).toBeDefined(); // read, not consumed: a retried page is served alike
    now = 1_000;
    expect(cache.get('alice', 'a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxItems imports, dropping the oldest entries first', () => {
    const cache = new PageCache({ ttlMs: 60_000, maxItems: 10 });
    cache.put('alice', 'a', rests(4));
    cache.put('alice', 'b', rests(4));
    cache.put('alice', 'c', rests(4));
    expect(cache.get('alice', 'a')).toBeUndefined();
    expect(cache.get('alice', 'b')).toBeDefined();
    expect(cache.get('alice', 'c')).toBeDefined();
    expect(cache.size).toBe(8);
    cache.put('alice', 'huge', rests(11)); // larger than the whole cache: not kept
    expect(cache.get('alice', 'huge')).toBeUndefined();
    expect(cache.size).toBe(8);
  });

  it("serves a page to its own caller only, and forget drops that caller's pages and no other's", () => {
    const cache = new PageCache({ ttlMs: 60_000 });
    cache.put('alice', 'a', rests(2));
    cache.put('alice', 'b', rests(3));
    cache.put('bob', 'a', rests(4));
    expect(cache.get('carol', 'a')).toBeUndefined();
    expect(cache.get('bob', 'a')?.get('FLEETIO')?.items).toHaveLength(4);
    cache.forget('alice');
    expect(cache.get('alice', 'a')).toBeUndefined();
    expect(cache.get('alice', 'b')).toBeUndefined();
    expect(cache.get('bob', 'a')?.get('FLEETIO')?.items).toHaveLength(4);
    expect(cache.size).toBe(4);
  });

  it('keeps apart scopes and pages whose joined text would be the same', () => {
    const cache = new PageCache({ ttlMs: 60_000 });
    cache.put('a', 'b,c', rests(1));
    cache.put('a,b', 'c', rests(2));
    expect(cache.get('a', 'b,c')?.get('FLEETIO')?.items).toHaveLength(1);
    expect(cache.get('a,b', 'c')?.get('FLEETIO')?.items).toHaveLength(2);
  });
});
