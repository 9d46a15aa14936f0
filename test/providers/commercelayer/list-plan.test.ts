import { describe, expect, it } from 'vitest';
import { planCount, planList } from '../../../src/providers/commercelayer/list-plan.ts';

const T = Date.parse('2026-11-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const paramsOf = (plan: { params: readonly (readonly [string, string])[] }) =>
  Object.fromEntries(plan.params);

describe('Commerce Layer list plan', () => {
  it('sends a reference as reference_eq (exact) and a group as reference_start `<group>-` (checked here)', () => {
    const order = { field: 'CREATED_AT', direction: 'DESC' } as const;
    const byReference = planList({ reference: 'ERP-1' }, order);
    expect(paramsOf(byReference)).toMatchObject({ 'filter[q][reference_eq]': 'ERP-1' });
    expect(byReference).toMatchObject({ exact: true, scansHere: false });
    const byGroup = planList({ groupId: 'nightly-7' }, order);
    expect(paramsOf(byGroup)).toMatchObject({ 'filter[q][reference_start]': 'nightly-7-' });
    expect(byGroup).toMatchObject({ exact: false, scansHere: true });
    // A comma may split the value at the vendor: not sent, checked here over a few pages.
    for (const conditions of [{ reference: 'a,b' }, { groupId: 'a,b' }]) {
      const plan = planList(conditions, order);
      expect(Object.keys(paramsOf(plan)).filter((name) => name.includes('reference'))).toEqual([]);
      expect(plan).toMatchObject({ exact: false, scansHere: true });
    }
    expect(planCount({ reference: 'ERP-1' }).queries?.[0]?.params).toContainEqual([
      'filter[q][reference_eq]',
      'ERP-1',
    ]);
    expect(planCount({ groupId: 'nightly-7' })).toMatchObject({ queries: undefined, scansHere: true });
  });

  it('pushes time bounds as gteq/lt of whole milliseconds, and the cursor inclusively', () => {
    const plan = planList(
      { createdAfter: T, createdBefore: T + 60_000, updatedAfter: T + 5 },
      { field: 'CREATED_AT', direction: 'DESC' },
      { at: T + 30_000, provider: 'COMMERCE_LAYER', providerId: 'AbcdeFghij' },
    );
    expect(paramsOf(plan)).toEqual({
      'filter[q][created_at_gteq]': iso(T + 1),
      'filter[q][created_at_lt]': iso(T + 30_001),
      'filter[q][updated_at_gteq]': iso(T + 6),
      'filter[q][id_not_eq]': 'AbcdeFghij',
      sort: '-created_at,-id',
    });
    expect(plan.exact).toBe(true);
  });

  it('after a cursor of a provider ranked before Commerce Layer, a DESC walk leaves out its instant', () => {
    const plan = planList(
      {},
      { field: 'UPDATED_AT', direction: 'DESC' },
      { at: T, provider: 'FLEETIO', providerId: '12' },
    );
    expect(paramsOf(plan)).toEqual({ 'filter[q][updated_at_lt]': iso(T), sort: '-updated_at,-id' });
    const ascending = planList(
      {},
      { field: 'UPDATED_AT', direction: 'ASC' },
      { at: T, provider: 'COMMERCE_LAYER', providerId: 'x' },
    );
    expect(paramsOf(ascending)).toEqual({ 'filter[q][updated_at_gteq]': iso(T), sort: 'updated_at,id' });
    expect(ascending.leavesOutCursor).toBe(false);
  });

  it('statuses: one selection exactly, several as a superset checked here', () => {
    const order = { field: 'CREATED_AT', direction: 'ASC' } as const;
    const pending = planList({ statuses: ['PENDING'] }, order);
    expect(paramsOf(pending)).toMatchObject({ 'filter[q][status_in]': 'pending' });
    expect(pending.exact).toBe(true);
    // errors_count_eq=0 and errors_count_null=true (decided by the log): the superset, checked here.
    const succeeded = planList({ statuses: ['SUCCEEDED'] }, order);
    expect(paramsOf(succeeded)).toEqual({ 'filter[q][status_in]': 'completed', sort: 'created_at,id' });
    expect(succeeded.exact).toBe(false);
    expect(paramsOf(planList({ statuses: ['RUNNING'] }, order))).toMatchObject({
      'filter[q][status_not_in]': 'pending,completed,interrupted',
    });
    const failed = planList({ statuses: ['FAILED'] }, order);
    expect(paramsOf(failed)).toMatchObject({ 'filter[q][status_in]': 'completed,interrupted' });
    expect(failed.exact).toBe(false);
    expect(planList({ statuses: ['CANCELLED'] }, order).empty).toBe(true);
  });

  it('resource types: blanks match nothing, a comma cannot be sent', () => {
    const order = { field: 'CREATED_AT', direction: 'ASC' } as const;
    expect(paramsOf(planList({ resourceTypes: ['skus', ' ', 'prices'] }, order))).toMatchObject({
      'filter[q][resource_type_in]': 'skus,prices',
    });
    expect(planList({ resourceTypes: [''] }, order).empty).toBe(true);
    const comma = planList({ resourceTypes: ['a,b'] }, order);
    expect(paramsOf(comma)['filter[q][resource_type_in]']).toBeUndefined();
    expect(comma.exact).toBe(false);
  });

  it('counts one query per disjoint selection', () => {
    const plan = planCount({ statuses: ['FAILED', 'PENDING'], createdBefore: T });
    expect(plan.queries!.map((query) => Object.fromEntries(query.params))).toEqual([
      { 'filter[q][status_in]': 'pending', 'filter[q][created_at_lt]': iso(T) },
      {
        'filter[q][status_in]': 'completed',
        'filter[q][errors_count_gt]': '0',
        'filter[q][processed_count_eq]': '0',
        'filter[q][created_at_lt]': iso(T),
      },
      {
        'filter[q][status_in]': 'interrupted',
        'filter[q][processed_count_eq]': '0',
        'filter[q][created_at_lt]': iso(T),
      },
    ]);
    expect(plan.queries!.some((query) => query.mixed)).toBe(false);
    // The null cases are selected too: a NULL count matches no comparison.
    const succeeded = planCount({ statuses: ['SUCCEEDED', 'PARTIALLY_SUCCEEDED'] });
    expect(succeeded.queries!.map((query) => Object.fromEntries(query.params))).toContainEqual({
      'filter[q][status_in]': 'completed',
      'filter[q][errors_count_null]': 'true',
    });
    expect(succeeded.queries!.map((query) => Object.fromEntries(query.params))).toContainEqual({
      'filter[q][status_in]': 'interrupted',
      'filter[q][processed_count_null]': 'true',
    });
    const mixed = planCount({ statuses: ['SUCCEEDED'] }).queries!;
    expect(mixed.map((query) => query.mixed)).toEqual([false, true]);
    expect(planCount({ createdAfter: T, createdBefore: T + 1 }).empty).toBe(true);
    expect(planCount({ resourceTypes: ['a,b'] }).queries).toBeUndefined();
  });
});
