import { describe, expect, it } from 'vitest';
import type { Import } from '../../src/imports/model.ts';
import { takeAfter, takeAfterToEnd, type VendorPage } from '../../src/providers/ordered-walk.ts';

const base = Date.parse('2026-11-01T00:00:00.000Z');
function item(id: string, second: number): Import {
  const at = new Date(base + second * 1000);
  return {
    provider: 'FLEETIO',
    providerId: id,
    status: 'SUCCEEDED',
    providerStatus: 'complete',
    terminal: true,
    resourceType: null,
    fileName: null,
    format: null,
    createdAt: at,
    updatedAt: at,
    startedAt: null,
    completedAt: null,
    counts: { total: null, processed: null, errors: null, warnings: null },
    progress: null,
  };
}

/** Pages a list the way a vendor sorting by time alone might: ties in reverse id order. */
function pages(items: Import[], size: number, fetched: { count: number }): Promise<VendorPage> {
  const page = (start: number): Promise<VendorPage> => {
    fetched.count++;
    const slice = items.slice(start, start + size);
    return Promise.resolve({
      items: slice,
      next: start + size < items.length ? () => page(start + size) : undefined,
    });
  };
  return page(0);
}

describe('takeAfter', () => {
  // Ascending by time; ids 2..5 share second 10 and come back from the "vendor" in a scrambled order.
  const vendorOrder = [
    item('1', 5),
    item('5', 10),
    item('3', 10),
    item('4', 10),
    item('2', 10),
    item('6', 20),
  ];
  const order = { field: 'CREATED_AT', direction: 'ASC' } as const;

  it('does not trust a timestamp until a later one was seen, so a tie split across pages is complete', async () => {
    const fetched = { count: 0 };
    const taken = await takeAfter(pages(vendorOrder, 3, fetched), { order, limit: 3, conditions: {} });
    expect(taken.map((entry) => entry.providerId)).toEqual(['1', '2', '3']);
    expect(fetched.count).toBe(2);
  });

  it('resumes inside a tie from the cursor position', async () => {
    const after = { at: base + 10_000, provider: 'FLEETIO' as const, providerId: '3' };
    const taken = await takeAfter(pages(vendorOrder, 2, { count: 0 }), {
      order,
      after,
      limit: 10,
      conditions: {},
    });
    expect(taken.map((entry) => entry.providerId)).toEqual(['4', '5', '6']);
  });

  it('one short of the limit with matches at the last timestamp seen, says more instead of reading on', async () => {
    const fetched = { count: 0 };
    const taken = await takeAfterToEnd(pages(vendorOrder, 3, fetched), { order, limit: 2, conditions: {} });
    // '5' and '3' share the last timestamp seen: they follow '1' whatever their partners are.
    expect(taken.items.map((entry) => entry.providerId)).toEqual(['1']);
    expect(taken.more).toBe(true);
    expect(fetched.count).toBe(1);
    // The next page starts after '1' and reads on until the tie is whole.
    const after = { at: base + 5_000, provider: 'FLEETIO' as const, providerId: '1' };
    const next = await takeAfterToEnd(pages(vendorOrder, 3, { count: 0 }), {
      order,
      after,
      limit: 2,
      conditions: {},
    });
    expect(next.items.map((entry) => entry.providerId)).toEqual(['2', '3']);
    expect(next.more).toBeUndefined();
  });

  it('reads on when what it settled is two or more short of the limit', async () => {
    const fetched = { count: 0 };
    const taken = await takeAfterToEnd(pages(vendorOrder, 3, fetched), { order, limit: 3, conditions: {} });
    expect(taken.items.map((entry) => entry.providerId)).toEqual(['1', '2', '3']);
    expect(taken.more).toBeUndefined();
    expect(fetched.count).toBe(2);
  });

  it('stops at a bound the vendor could not apply, without fetching further', async () => {
    const fetched = { count: 0 };
    const taken = await takeAfter(
      pages(vendorOrder, 1, fetched),
      { order, limit: 10, conditions: {} },
      { beyond: (entry) => entry.createdAt.getTime() >= base + 10_000 },
    );
    expect(taken.map((entry) => entry.providerId)).toEqual(['1']);
    expect(fetched.count).toBe(2);
  });
});
