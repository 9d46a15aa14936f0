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
    cache.put('a', rests(3));
    now = 999;
    expect(cache.get('a')?.get('FLEETIO')?.items).toHaveLength(3);
    expect(cache.get('a')).toBeDefined(); // read, not consumed: a retried page is served alike
    now = 1_000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxItems imports, dropping the oldest entries first', () => {
    const cache = new PageCache({ ttlMs: 60_000, maxItems: 10 });
    cache.put('a', rests(4));
    cache.put('b', rests(4));
    cache.put('c', rests(4));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(8);
    cache.put('huge', rests(11)); // larger than the whole cache: not kept
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(8);
  });
});
