import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Import } from '../../../src/imports/model.ts';
import type { ImportConditions, ImportSource } from '../../../src/imports/import-source.ts';
import { fleetioStatusesFor } from '../../../src/providers/fleetio/map.ts';
import { fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { expected, groundTruth, listRequests, resetStats, sourceFor } from './fleetio-source.ts';

const ORDER = { field: 'CREATED_AT', direction: 'DESC' } as const;

/** A reproducible sample: every `step`-th import from `start`. */
const sample = (items: Import[], count: number, step: number, start = 0) =>
  Array.from({ length: count }, (_, index) => items[(start + index * step) % items.length]!);

const refOf = (item: Import) => ({ providerId: item.providerId, createdAt: +item.createdAt });

describe('Fleetio source: get by references', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 150, rateLimits: false });
  let all: Import[];
  let source: ImportSource;
  beforeAll(async () => {
    all = (await groundTruth(sim)).sort((a, b) => +a.createdAt - +b.createdAt);
    source = sourceFor(sim).source;
  });
  afterAll(() => source.close());

  test('50 ids created close together cost one request', async () => {
    const newest = all.slice(-50);
    await resetStats(sim);
    const found = await source.get(newest.map(refOf));
    expect(await listRequests(sim)).toBe(1);
    expect([...found.keys()].sort()).toEqual(newest.map((item) => item.providerId).sort());
    for (const item of newest) expect(found.get(item.providerId)).toEqual(item);
  });

  test('50 ids spread over the whole account cost one request per window of 100, not one per id', async () => {
    const spread = sample(all, 50, 3, 1);
    await resetStats(sim);
    const found = await source.get([...spread].reverse().map(refOf));
    expect(found.size).toBe(50);
    for (const item of spread) expect(found.get(item.providerId)).toEqual(item);
    expect(await listRequests(sim)).toBeLessThanOrEqual(2);
  });

  test('ids created at one instant, split over a window edge, are all found', async () => {
    const tied = all.filter((item) =>
      all.some((other) => other !== item && +other.createdAt === +item.createdAt),
    );
    expect(tied.length).toBeGreaterThanOrEqual(2);
    const found = await source.get(tied.map(refOf));
    expect(found.size).toBe(tied.length);
  });

  test('absent imports are left out: unknown id, wrong instant, an id Fleetio cannot have', async () => {
    const [one, two] = [all[100]!, all[10]!];
    await resetStats(sim);
    const found = await source.get([
      refOf(one),
      { providerId: '99999999', createdAt: +one.createdAt },
      // An instant later than the import's creation: no window read holds it.
      { providerId: two.providerId, createdAt: +one.createdAt + 1 },
      { providerId: 'not-a-number', createdAt: +one.createdAt },
      refOf(one),
    ]);
    expect([...found.keys()]).toEqual([one.providerId]);
    expect(await listRequests(sim)).toBe(1);
  });

  test('an id without its creation instant is found by reading newest ids first', async () => {
    const recent = all.slice(-3).map((item) => ({ providerId: item.providerId }));
    await resetStats(sim);
    const found = await source.get(recent);
    expect(found.size).toBe(3);
    expect(await listRequests(sim)).toBe(1);
    expect((await source.get([{ providerId: '1' }])).size).toBe(0);
  });

  test('no references, no request', async () => {
    await resetStats(sim);
    expect((await source.get([])).size).toBe(0);
    expect(await listRequests(sim)).toBe(0);
  });
});

describe('Fleetio source: counting', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 150, rateLimits: false });
  let all: Import[];
  let source: ImportSource;
  beforeAll(async () => {
    all = await groundTruth(sim);
    source = sourceFor(sim).source;
  });
  afterAll(() => source.close());

  test('conditions Fleetio applies itself are counted by one request per Fleetio status, as an estimate', async () => {
    const created = all.map((item) => +item.createdAt).sort((a, b) => a - b);
    const cases: ImportConditions[] = [
      {},
      { statuses: ['SUCCEEDED', 'PARTIALLY_SUCCEEDED'] },
      { createdAfter: created[30], updatedBefore: created[120] },
    ];
    for (const conditions of cases) {
      await resetStats(sim);
      expect(await source.count(conditions)).toEqual({
        count: expected(all, conditions, ORDER).length,
        // estimated_remaining_count, an estimate even under 500 (specs/VENDOR-REFERENCE.md §1.3).
        estimate: true,
      });
      expect(await listRequests(sim)).toBe(
        conditions.statuses ? fleetioStatusesFor(conditions.statuses).length : 1,
      );
    }
  });

  test('conditions applied here are counted exactly by reading the matching pages to their end', async () => {
    const created = all.map((item) => +item.createdAt).sort((a, b) => a - b);
    const updated = all.map((item) => +item.updatedAt).sort((a, b) => a - b);
    const cases: ImportConditions[] = [
      { resourceTypes: ['VehicleImport'] },
      { createdAfter: created[20], createdBefore: created[60] },
      { updatedAfter: updated[10], updatedBefore: updated[140], statuses: ['SUCCEEDED'] },
      {
        resourceTypes: ['FuelEntryImport', 'PartImport'],
        createdAfter: created[5],
        createdBefore: created[145],
      },
      { resourceTypes: [] },
      // One walk per Fleetio status (new, queued), resource types checked here.
      { statuses: ['PENDING'], resourceTypes: ['VehicleImport', 'FuelEntryImport', 'PartImport'] },
    ];
    for (const conditions of cases) {
      await resetStats(sim);
      expect(await source.count(conditions)).toEqual({
        count: expected(all, conditions, ORDER).length,
        // Only an empty selection asks Fleetio nothing; every other count is an estimate.
        estimate: conditions.resourceTypes?.length !== 0,
      });
      expect(await listRequests(sim)).toBeLessThanOrEqual(2);
    }
  });
});

describe('Fleetio source: counting past Fleetio’s cap of 500', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 620, rateLimits: false });

  test('an estimate at 500, and a lower bound, from the vendor or from pages read here', async () => {
    const { source } = sourceFor(sim);
    const all = await groundTruth(sim);
    expect(await source.count({})).toEqual({ count: 500, estimate: true, lowerBound: true });
    expect((await source.list({ order: ORDER, limit: 3, conditions: {} })).count).toEqual({
      count: 500,
      estimate: true,
      lowerBound: true,
    });
    await resetStats(sim);
    const types = { resourceTypes: ['VehicleImport'] };
    const counted = await source.count(types);
    expect(counted.estimate).toBe(true);
    expect(counted.lowerBound).toBe(true);
    expect(counted.count).toBeLessThanOrEqual(expected(all, types, ORDER).length);
    expect(await listRequests(sim)).toBe(5);
    await source.close();
  });
});
