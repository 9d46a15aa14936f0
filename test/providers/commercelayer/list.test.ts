import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_STATUSES, type Import, type ImportStatus } from '../../../src/imports/model.ts';
import type { ImportOrder, OrderPosition } from '../../../src/imports/order.ts';
import type { ImportConditions, ImportSource } from '../../../src/imports/import-source.ts';
import { importFromCommerceLayer } from '../../../src/providers/commercelayer/map.ts';
import { parseImportResource } from '../../../src/providers/commercelayer/wire.ts';
import { commerceLayerSimulator } from '../../../src/simulators/commercelayer/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import {
  expectedOf,
  ids,
  isAfter,
  memoryLogger,
  ORDERS,
  requestStats,
  resetStats,
  sourceFor,
  truthOf,
  walk,
} from './support.ts';

/** A completed import whose every timestamp is `at`, so it ties on both order fields. */
const tied = (at: string) => ({
  status: 'completed',
  created_at: at,
  started_at: at,
  completed_at: at,
  updated_at: at,
});

/**
 * Imports with null counts, which the vendor's SDK allows on every count (specs/
 * VENDOR-REFERENCE.md §3), one per case the mapping tells apart; pending imports have them too.
 */
const NULL_COUNTS = [
  // completed, errors unknown: the errors_log decides (SUCCEEDED when empty)
  { status: 'completed', inputs_size: 4, processed_count: null, errors_count: null, errors_log: {} },
  {
    status: 'completed',
    inputs_size: 4,
    processed_count: 3,
    errors_count: null,
    warnings_count: null,
    errors_log: { ITEM1: { name: ['is invalid'] } },
  },
  // completed with errors, processed unknown: records may have been written
  { status: 'completed', inputs_size: 6, processed_count: null, errors_count: 2 },
  { status: 'completed', inputs_size: 3, processed_count: null, errors_count: 0 },
  // stopped by the vendor: written records make it PARTIALLY_SUCCEEDED, nothing processed FAILED
  { status: 'interrupted', inputs_size: 50, processed_count: null, errors_count: 6 },
  { status: 'interrupted', inputs_size: 50, processed_count: 30, errors_count: 6 },
  { status: 'interrupted', inputs_size: 50, processed_count: 0, errors_count: null },
  { status: 'in_progress', inputs_size: null, processed_count: null, errors_count: null },
];

/**
 * Imports beyond the seeded mix: a completed import that processed nothing (FAILED), one of 0
 * inputs (SUCCEEDED), the null counts above, and a group of four sharing created_at and
 * updated_at to the millisecond with a seeded one, so ties fall on page boundaries.
 */
async function addEdgeCases(sim: ReturnType<typeof useSimulator>, truth: Import[]) {
  const tieWith = truth[Math.floor(truth.length / 2)]!;
  const at = tieWith.createdAt.toISOString();
  const additions = [
    { status: 'completed', inputs_size: 5, processed_count: 0, errors_count: 5, resource_type: 'skus' },
    { status: 'completed', inputs_size: 0, resource_type: 'prices' },
    ...NULL_COUNTS,
    ...Array.from({ length: 4 }, () => ({ ...tied(at), resource_type: 'skus' })),
  ];
  for (const attributes of additions) await sim.control('POST', '/__sim/imports', attributes);
}

describe('Commerce Layer list: walks equal the ground truth', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 60, rateLimits: false });
  let source: ImportSource;
  let truth: Import[];

  beforeAll(async () => {
    await addEdgeCases(sim, await truthOf(sim));
    truth = await truthOf(sim);
    source = sourceFor(sim);
  });
  afterAll(async () => {
    await source.close();
  });

  it('the data has every normalized status the vendor can produce, and ties', () => {
    const statuses = new Set(truth.map((item) => item.status));
    for (const status of ['PENDING', 'RUNNING', 'SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED']) {
      expect(statuses).toContain(status);
    }
    expect(new Set(truth.map((item) => item.createdAt.getTime())).size).toBeLessThan(truth.length - 4);
  });

  for (const order of ORDERS) {
    for (const size of [1, 7, 25, 100]) {
      it(`${order.field} ${order.direction}, pages of ${size}, forward and backward`, async () => {
        const expected = expectedOf(truth, {}, order);
        const forward = await walk(source, { size, forward: true, order });
        expect(ids(forward)).toEqual(ids(expected));
        expect(forward).toEqual(expected);
        const backward = await walk(source, { size, forward: false, order });
        expect(ids(backward)).toEqual(ids(expected));
      });
    }
  }

  const middle = (pick: (item: Import) => Date, share: number) => {
    const instants = truth.map((item) => pick(item).getTime()).sort((a, b) => a - b);
    return instants[Math.floor(instants.length * share)]!;
  };
  const FILTERS: [string, () => ImportConditions][] = [
    ['SUCCEEDED', () => ({ statuses: ['SUCCEEDED'] })],
    ['PARTIALLY_SUCCEEDED', () => ({ statuses: ['PARTIALLY_SUCCEEDED'] })],
    ['FAILED (two vendor selections)', () => ({ statuses: ['FAILED'] })],
    ['RUNNING and PENDING', () => ({ statuses: ['RUNNING', 'PENDING'] })],
    ['every completed outcome', () => ({ statuses: ['SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED'] })],
    ['SUCCEEDED or PENDING', () => ({ statuses: ['SUCCEEDED', 'PENDING'] })],
    ['resource types', () => ({ resourceTypes: ['skus', 'prices'] })],
    [
      'created between',
      () => ({
        createdAfter: middle((item) => item.createdAt, 0.2),
        createdBefore: middle((item) => item.createdAt, 0.7),
      }),
    ],
    [
      'updated between',
      () => ({
        updatedAfter: middle((item) => item.updatedAt, 0.3),
        updatedBefore: middle((item) => item.updatedAt, 0.9),
      }),
    ],
    [
      'everything at once',
      () => ({
        statuses: ['SUCCEEDED', 'FAILED'],
        resourceTypes: ['skus', 'prices', 'stock_items', 'orders'],
        createdAfter: middle((item) => item.createdAt, 0.1),
        updatedBefore: middle((item) => item.updatedAt, 0.95),
      }),
    ],
  ];

  for (const [name, conditionsOf] of FILTERS) {
    it(`filter ${name}: pages of 7 and 25, both fields and directions, forward and backward`, async () => {
      const conditions = conditionsOf();
      for (const order of ORDERS) {
        const expected = expectedOf(truth, conditions, order);
        expect(expected.length).toBeGreaterThan(0);
        for (const size of [7, 25]) {
          expect(ids(await walk(source, { size, forward: true, order, conditions }))).toEqual(ids(expected));
          expect(ids(await walk(source, { size, forward: false, order, conditions }))).toEqual(ids(expected));
        }
      }
    });
  }

  it('null counts: every normalized status filter returns exactly the ground truth, listed and counted', async () => {
    const snapshot = await sim.control<{ attributes: Record<string, unknown> }[]>('GET', '/__sim/imports');
    const nulls = snapshot.filter(({ attributes }) => attributes.processed_count === null);
    // The simulator sends them as the vendor may: every pending import, and the added ones.
    expect(nulls.filter(({ attributes }) => attributes.status === 'pending').length).toBeGreaterThan(0);
    expect(nulls.length).toBeGreaterThan(NULL_COUNTS.filter((item) => item.processed_count === null).length);
    for (const status of IMPORT_STATUSES) {
      const conditions: ImportConditions = { statuses: [status] };
      const expected = expectedOf(truth, conditions, ORDERS[0]!);
      const listed = await source.list({ order: ORDERS[0]!, limit: 500, conditions });
      expect(ids(listed.items), status).toEqual(ids(expected));
      expect(await source.count(conditions), status).toEqual({ count: expected.length, estimate: false });
    }
    const byStatus = (status: string) =>
      expectedOf(truth, { statuses: [status as ImportStatus] }, ORDERS[0]!);
    expect(byStatus('PENDING').length).toBeGreaterThan(0);
    expect(byStatus('CANCELLED')).toEqual([]);
  });

  it('filters that select nothing ask the vendor nothing', async () => {
    await resetStats(sim);
    for (const conditions of [
      { statuses: ['CANCELLED'] },
      { statuses: [] },
      { resourceTypes: [] },
      { resourceTypes: ['  '] },
      { createdAfter: 2_000, createdBefore: 2_001 },
    ] as ImportConditions[]) {
      const result = await source.list({ order: ORDERS[0]!, limit: 5, conditions });
      expect(result.items).toEqual([]);
      expect(await source.count(conditions)).toEqual({ count: 0, estimate: false });
    }
    expect(await requestStats(sim)).toEqual({});
  });

  it('counts exactly, with one request per vendor selection, and lists give the count for free', async () => {
    for (const [, conditionsOf] of FILTERS) {
      const conditions = conditionsOf();
      const expected = expectedOf(truth, conditions, ORDERS[0]!).length;
      expect(await source.count(conditions)).toEqual({ count: expected, estimate: false });
    }
    await resetStats(sim);
    expect((await source.count({ statuses: ['FAILED'] })).count).toBe(
      expectedOf(truth, { statuses: ['FAILED'] }, ORDERS[0]!).length,
    );
    expect((await requestStats(sim))['GET /api/imports']).toBe(2);
    const listed = await source.list({
      order: ORDERS[0]!,
      limit: 3,
      conditions: { statuses: ['PENDING'] },
    });
    expect(listed.count).toEqual({
      count: expectedOf(truth, { statuses: ['PENDING'] }, ORDERS[0]!).length,
      estimate: false,
    });
  });

  it('a resource type with a comma cannot be pushed down and is still exact', async () => {
    const conditions = { resourceTypes: ['skus', 'skus,prices'] };
    expect(ids((await source.list({ order: ORDERS[1]!, limit: 200, conditions })).items)).toEqual(
      ids(expectedOf(truth, conditions, ORDERS[1]!)),
    );
    expect((await source.count(conditions)).count).toBe(expectedOf(truth, conditions, ORDERS[1]!).length);
  });
});

describe('Commerce Layer list: the tie-safe walk', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 60, rateLimits: false });
  let truth: Import[];

  beforeAll(async () => {
    await addEdgeCases(sim, await truthOf(sim));
  });

  it('without trusting the vendor tie order (takeAfter alone), walks are still exact', async () => {
    truth = await truthOf(sim);
    const source = sourceFor(sim, { trustTieOrder: false });
    for (const order of ORDERS) {
      for (const size of [1, 7, 25]) {
        const expected = expectedOf(truth, {}, order);
        expect(ids(await walk(source, { size, forward: true, order }))).toEqual(ids(expected));
        expect(ids(await walk(source, { size, forward: false, order }))).toEqual(ids(expected));
      }
      const conditions: ImportConditions = { statuses: ['FAILED', 'RUNNING'] };
      expect(ids(await walk(source, { size: 7, forward: true, order, conditions }))).toEqual(
        ids(expectedOf(truth, conditions, order)),
      );
    }
    await source.close();
  });

  it('falls back to it for good when an answer shows a tie out of the gateway order', async () => {
    const { log, lines } = memoryLogger();
    const source = sourceFor(sim, { log });
    // The probe sees the seeded ids, all of one length, in the gateway's order: trusted.
    await source.list({ order: ORDERS[0]!, limit: 2, conditions: {} });
    // Plain string order puts "Aabcdefghi" before "zz"; the README's order puts the shorter "zz" first.
    const tieAt = truth[10]!.createdAt.toISOString();
    await sim.control('POST', '/__sim/imports', { id: 'zz', ...tied(tieAt) });
    await sim.control('POST', '/__sim/imports', { id: 'Aabcdefghi', ...tied(tieAt) });
    truth = await truthOf(sim);
    // Pages of 25 hold the tie whole: the walk sees it out of order and reads that answer by time.
    const order = ORDERS[0]!;
    expect(ids(await walk(source, { size: 25, forward: true, order }))).toEqual(
      ids(expectedOf(truth, {}, order)),
    );
    expect(lines.filter((line) => line.includes('tie-safe walk'))).toHaveLength(1);
    for (const other of ORDERS) {
      for (const size of [1, 7]) {
        const expected = expectedOf(truth, {}, other);
        expect(ids(await walk(source, { size, forward: true, order: other }))).toEqual(ids(expected));
        expect(ids(await walk(source, { size, forward: false, order: other }))).toEqual(ids(expected));
      }
    }
    expect(lines.filter((line) => line.includes('tie-safe walk'))).toHaveLength(1);
    await source.close();
  });

  it('a new source learns from its probe that the vendor orders ids otherwise, before any walk', async () => {
    const { log, lines } = memoryLogger();
    const source = sourceFor(sim, { log });
    await resetStats(sim);
    for (const order of ORDERS) {
      const expected = expectedOf(truth, {}, order);
      expect(ids(await walk(source, { size: 1, forward: true, order }))).toEqual(ids(expected));
      expect(ids(await walk(source, { size: 1, forward: false, order }))).toEqual(ids(expected));
    }
    expect(lines.filter((line) => line.includes('tie-safe walk'))).toHaveLength(1);
    await source.close();
  });
});

describe('Commerce Layer list: imports arriving during a walk', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 60, rateLimits: false });

  for (const order of [ORDERS[0]!, ORDERS[1]!, ORDERS[3]!]) {
    it(`${order.field} ${order.direction}: no repeat and no gap`, async () => {
      await sim.control('POST', '/__sim/reset');
      const source = sourceFor(sim);
      const before = await truthOf(sim);
      const added: { item: Import; reached: OrderPosition }[] = [];
      const sorted = expectedOf(before, {}, order);
      const span = sorted[sorted.length - 1]!.createdAt.getTime() - sorted[0]!.createdAt.getTime();
      const walked = await walk(source, {
        size: 7,
        forward: true,
        order,
        afterPage: async (reached, pageIndex) => {
          if (pageIndex > 3) return;
          // One import at the cursor's own instant, one far ahead and one far behind the walk.
          for (const offset of [0, span / 3, -span / 3]) {
            const at = new Date(Math.max(0, reached.at + offset)).toISOString();
            const resource = await sim.control<unknown>('POST', '/__sim/imports', tied(at));
            added.push({ item: importFromCommerceLayer(parseImportResource(resource)), reached });
          }
        },
      });
      expect(new Set(ids(walked)).size).toBe(walked.length);
      const final = await truthOf(sim);
      const missedOnPurpose = new Set(
        added
          .filter(({ item, reached }) => !isAfter(item, reached, order))
          .map(({ item }) => item.providerId),
      );
      expect(ids(walked)).toEqual(ids(expectedOf(final, {}, order)).filter((id) => !missedOnPurpose.has(id)));
      expect(added.some(({ item, reached }) => isAfter(item, reached, order))).toBe(true);
      await source.close();
    });
  }
});

describe('Commerce Layer list: vendor requests per page', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 120, rateLimits: false });
  let source: ImportSource;

  beforeAll(async () => {
    source = sourceFor(sim);
    await source.list({ order: ORDERS[0]!, limit: 2, conditions: {} });
  });
  afterAll(async () => {
    await source.close();
  });

  async function listRequests(
    order: ImportOrder,
    size: number,
    after?: OrderPosition,
    conditions: ImportConditions = {},
  ) {
    await resetStats(sim);
    const result = await source.list({ order, after, limit: size + 1, conditions });
    const stats = await requestStats(sim);
    expect(stats['POST /oauth/token']).toBeUndefined();
    return { result, requests: stats['GET /api/imports'] ?? 0 };
  }

  it('a page of 50 costs 2 list requests; the next one 2, or 3 where the cursor import may come back', async () => {
    const requests: number[] = [];
    for (const order of ORDERS) {
      const first = await listRequests(order, 50);
      expect(first.requests).toBe(2);
      expect(first.result.items).toHaveLength(50);
      expect(first.result.more).toBe(true);
      const last = first.result.items[first.result.items.length - 1]!;
      const next = await listRequests(order, 50, {
        at: (order.field === 'CREATED_AT' ? last.createdAt : last.updatedAt).getTime(),
        provider: 'COMMERCE_LAYER',
        providerId: last.providerId,
      });
      requests.push(next.requests);
    }
    // CREATED_AT ASC: the 50th import shares its instant with 3 others (seed 1), one of them comes back.
    // UPDATED_AT ASC: the cursor's import may have changed since, so it is asked for again.
    expect(requests).toEqual([2, 3, 2, 3]);
  });

  it('pages of 1, 7, 25 and 100 cost 1, 1, 1 and 4 list requests', async () => {
    const counts: number[] = [];
    for (const size of [1, 7, 25, 100]) counts.push((await listRequests(ORDERS[0]!, size)).requests);
    expect(counts).toEqual([1, 1, 1, 4]);
  });
});
