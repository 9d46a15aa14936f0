import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Import, ImportStatus } from '../../../src/imports/model.ts';
import { loadImportConnection } from '../../../src/imports/connection.ts';
import type { ImportOrder } from '../../../src/imports/order.ts';
import { MAX_STATUS_REQUESTS } from '../../../src/providers/fleetio/list-plan.ts';
import { fleetioStatusesFor } from '../../../src/providers/fleetio/map.ts';
import { fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import {
  expected,
  groundTruth,
  ids,
  listRequests,
  ORDERS,
  resetStats,
  sourceFor,
  walkList,
} from './fleetio-source.ts';

describe('Fleetio source: one page of the list', () => {
  // Over 100 imports, so pages of 100 have a second page.
  const sim = useSimulator(fleetioSimulator, { imports: 120, rateLimits: false });
  let all: Import[];
  let source: ReturnType<typeof sourceFor>['source'];
  beforeAll(async () => {
    all = await groundTruth(sim);
    source = sourceFor(sim).source;
  });
  afterAll(() => source.close());

  test('a status no Fleetio status maps to, or an empty range, answers empty without asking Fleetio', async () => {
    await resetStats(sim);
    const order = ORDERS[0]!;
    for (const conditions of [
      { statuses: ['CANCELLED' as const] },
      { createdAfter: 2_000, createdBefore: 1_000 },
    ]) {
      expect(await source.list({ order, limit: 5, conditions })).toEqual({
        items: [],
        count: { count: 0, estimate: false },
      });
    }
    expect(await listRequests(sim)).toBe(0);
  });

  test('filters reach Fleetio as its own parameters: one status a walk, one operator per time field, the sort', async () => {
    const { source: logged, log } = sourceFor(sim);
    const created = all.map((item) => +item.createdAt).sort((a, b) => a - b);
    const after = { at: created[100]!, provider: 'FLEETIO' as const, providerId: '99999' };
    await logged.list({
      order: { field: 'CREATED_AT', direction: 'DESC' },
      after,
      limit: 3,
      conditions: {
        statuses: ['PENDING'],
        createdAfter: created[10],
        createdBefore: created[120],
        updatedAfter: created[5],
        updatedBefore: created[140],
        resourceTypes: ['VehicleImport'],
      },
    });
    const firsts = log.queries().filter((query) => query.start_cursor === undefined);
    expect(firsts.map((query) => query['filter[status][include]']).sort()).toEqual(['new', 'queued']);
    for (const first of firsts) {
      expect(first).toMatchObject({
        // The cursor (tighter than createdBefore) is the order field's one operator; createdAfter ends the walk here.
        'filter[created_at][lt]': new Date(after.at + 1).toISOString(),
        'filter[updated_at][gte]': new Date(created[5]! + 1).toISOString(),
        'sort[created_at]': 'desc',
        // resourceTypes and the second updated_at bound are checked here: four times what the page
        // needs (3, one more to settle the last instant, the cursor's own import) is read.
        per_page: 20,
      });
      expect(Object.keys(first).filter((key) => key.startsWith('filter['))).toHaveLength(3);
    }
    await logged.close();
  });

  test('statuses reach Fleetio one per request, never as a list; pages and counts equal the ground truth', async () => {
    const { source: logged, log } = sourceFor(sim);
    const order: ImportOrder = { field: 'UPDATED_AT', direction: 'DESC' };
    const selections: ImportStatus[][] = [
      ['PENDING'],
      ['FAILED'],
      ['SUCCEEDED', 'FAILED'],
      ['PENDING', 'RUNNING', 'ROLLING_BACK'],
      // Over four Fleetio statuses: none is sent, every one is checked here.
      ['SUCCEEDED', 'FAILED', 'PENDING'],
    ];
    for (const statuses of selections) {
      const before = log.queries().length;
      const want = ids(expected(all, { statuses }, order));
      expect(want.length, statuses.join()).toBeGreaterThan(0);
      const page = await logged.list({ order, limit: 10, conditions: { statuses } });
      expect(ids(page.items), statuses.join()).toEqual(want.slice(0, 10));
      // Whole pages for the page cache: merged walks stop where the first unfinished one stopped.
      const whole = await logged.list({ order, limit: 2, conditions: { statuses }, prefetch: true });
      expect(whole.items.length).toBeGreaterThanOrEqual(Math.min(2, want.length));
      expect(ids(whole.items), statuses.join()).toEqual(want.slice(0, whole.items.length));
      expect(whole.complete, statuses.join()).toBe(whole.items.length === want.length);
      expect((await logged.count({ statuses })).count, statuses.join()).toBe(want.length);
      const sent = log
        .queries()
        .slice(before)
        .map((query) => query['filter[status][include]']);
      const vendorStatuses = fleetioStatusesFor(statuses);
      const wide = vendorStatuses.length > MAX_STATUS_REQUESTS;
      expect(sent.length, statuses.join()).toBeGreaterThan(0);
      for (const status of sent) {
        if (wide) expect(status, statuses.join()).toBeUndefined();
        else expect(vendorStatuses, statuses.join()).toContain(status);
      }
    }
    await logged.close();
  });

  test('a page asks for what it needs: per_page is the limit plus one, at least 2, at most 100', async () => {
    const { source: logged, log } = sourceFor(sim);
    const order: ImportOrder = { field: 'CREATED_AT', direction: 'DESC' };
    await logged.list({ order, limit: 1, conditions: {} });
    await logged.list({ order, limit: 51, conditions: {} });
    await logged.list({ order, limit: 101, conditions: {} });
    expect(log.queries().map((query) => query.per_page)).toEqual([2, 52, 100, expect.any(Number) as number]);
    await logged.close();
  });

  test('a page of 50 costs one Fleetio request, every page of a walk at most two', async () => {
    const order: ImportOrder = { field: 'CREATED_AT', direction: 'DESC' };
    await resetStats(sim);
    const { items } = await source.list({
      order,
      limit: 51,
      conditions: { statuses: ['SUCCEEDED', 'FAILED', 'PENDING'] },
    });
    expect(items).toHaveLength(51);
    expect(await listRequests(sim)).toBe(1);
    for (const size of [7, 25]) {
      await resetStats(sim);
      const walk = await walkList(source, order, size, {}, 'forward');
      expect(await listRequests(sim)).toBeLessThanOrEqual(walk.pages * 2);
    }
  });

  test('the first page without a cursor tells the count for free when Fleetio applied every condition, as an estimate', async () => {
    const order = ORDERS[0]!;
    const statuses = { statuses: ['SUCCEEDED' as const] };
    // estimated_remaining_count is an estimate even under Fleetio's cap of 500
    // (specs/VENDOR-REFERENCE.md §1.3).
    expect((await source.list({ order, limit: 5, conditions: {} })).count).toEqual({
      count: all.length,
      estimate: true,
    });
    expect((await source.list({ order, limit: 5, conditions: statuses })).count).toEqual({
      count: expected(all, statuses, order).length,
      estimate: true,
    });
    const partial = { resourceTypes: ['VehicleImport'] };
    expect((await source.list({ order, limit: 5, conditions: partial })).count).toBeUndefined();
  });

  test('through the gateway’s merged connection: both directions, pageInfo at both ends, total for free, an estimate', async () => {
    const order = { field: 'UPDATED_AT', direction: 'ASC' } as const;
    const conditions = { statuses: ['SUCCEEDED' as const, 'FAILED' as const] };
    const want = ids(expected(all, conditions, order));
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await loadImportConnection([source], { first: 25, after, conditions, orderBy: order });
      expect(page.failures).toEqual([]);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      forward.push(...ids(page.edges.map((edge) => edge.node)));
      if (after === null) {
        await resetStats(sim);
        expect((await page.total()).count).toEqual({ count: want.length, estimate: true });
        expect(await listRequests(sim)).toBe(0);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(forward).toEqual(want);
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page = await loadImportConnection([source], { last: 25, before, conditions, orderBy: order });
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      backward.unshift(...ids(page.edges.map((edge) => edge.node)));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(want);
  });
});
