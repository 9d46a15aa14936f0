import { describe, expect, it } from 'vitest';
import type { Import } from '../../../src/imports/model.ts';
import { mergeWalks } from '../../../src/providers/fleetio/merged-walks.ts';

const base = Date.parse('2026-11-01T00:00:00.000Z');
const item = (id: string, second: number) =>
  ({ provider: 'FLEETIO', providerId: id, createdAt: new Date(base + second * 1000) }) as Import;
const order = { field: 'CREATED_AT', direction: 'ASC' } as const;
const ids = (items: readonly Import[]) => items.map((entry) => entry.providerId);

describe('mergeWalks', () => {
  it("says more when a walk's `more` leaves the merge one short of the limit", () => {
    const merged = mergeWalks(
      [
        { items: [item('1', 1), item('3', 3)], complete: false, more: true },
        { items: [item('2', 2), item('4', 4), item('5', 5)], complete: false },
      ],
      { order, limit: 3, conditions: {} },
    );
    // Cut at '3', the end of the walk that said more: '4' may have unfetched partners before it.
    expect(ids(merged.items)).toEqual(['1', '2', '3']);
    expect(merged.complete).toBe(false);
    const short = mergeWalks(
      [
        { items: [item('1', 1), item('3', 3)], complete: false, more: true },
        { items: [item('2', 2)], complete: true },
      ],
      { order, limit: 4, conditions: {} },
    );
    expect(ids(short.items)).toEqual(['1', '2', '3']);
    expect(short.more).toBe(true);
  });

  it('without `more` from any walk, answers at most the limit and no more flag', () => {
    const merged = mergeWalks(
      [
        { items: [item('1', 1), item('4', 4)], complete: true },
        { items: [item('2', 2), item('3', 3)], complete: true },
      ],
      { order, limit: 3, conditions: {} },
    );
    expect(ids(merged.items)).toEqual(['1', '2', '3']);
    expect(merged.more).toBeUndefined();
  });
});
