import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Import } from '../../src/imports/model.ts';
import { compareImports, positionOf, type ImportOrder } from '../../src/imports/order.ts';
import type { ImportConditions } from '../../src/providers/import-source.ts';
import { SqliteImportStore } from '../../src/store/sqlite-import-store.ts';

const directory = mkdtempSync(join(tmpdir(), 'store-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const base = Date.parse('2026-11-01T00:00:00.000Z');
const statuses = ['SUCCEEDED', 'FAILED', 'RUNNING', 'PARTIALLY_SUCCEEDED'] as const;
// Ids of different lengths and shared instants exercise every tie-break of the total order.
const jobs: Import[] = Array.from({ length: 40 }, (_, index) => ({
  provider: 'SAILPOINT',
  providerId: `${'x'.repeat(index % 3)}job-${(index * 7) % 40}`,
  status: statuses[index % 4]!,
  providerStatus: 'COMPLETE',
  terminal: index % 4 !== 2,
  resourceType: index % 2 ? 'SOURCE, TRANSFORM' : 'RULE',
  fileName: null,
  format: null,
  createdAt: new Date(base + (index % 6) * 60_000),
  updatedAt: new Date(base + (index % 5) * 60_000),
  startedAt: index % 3 ? new Date(base) : null,
  completedAt: null,
  counts: { total: index, processed: null, errors: null, warnings: null },
  progress: null,
}));

describe('SqliteImportStore', () => {
  const store = new SqliteImportStore(directory);
  for (const job of jobs) store.save(job, 1);

  function walk(order: ImportOrder, size: number, conditions: ImportConditions = {}) {
    const seen: Import[] = [];
    for (;;) {
      const last = seen[seen.length - 1];
      const page = store.list('SAILPOINT', {
        order,
        after: last ? positionOf(last, order.field) : undefined,
        limit: size,
        conditions,
      });
      seen.push(...page.map((stored) => stored.item));
      if (page.length < size) return seen;
    }
  }

  for (const order of [
    { field: 'CREATED_AT', direction: 'DESC' },
    { field: 'UPDATED_AT', direction: 'ASC' },
  ] as const) {
    it(`pages in the total order (${order.field} ${order.direction}) and revives every field`, () => {
      const expected = [...jobs].sort((a, b) => compareImports(a, b, order));
      expect(walk(order, 7)).toEqual(expected);
    });
  }

  it('filters by status, resource type among several, and time bounds, and counts the same', () => {
    const conditions: ImportConditions = {
      statuses: ['FAILED', 'PARTIALLY_SUCCEEDED'],
      resourceTypes: ['TRANSFORM'],
      createdAfter: base,
    };
    const expected = jobs.filter(
      (job) =>
        ['FAILED', 'PARTIALLY_SUCCEEDED'].includes(job.status) &&
        job.resourceType?.includes('TRANSFORM') &&
        job.createdAt.getTime() > base,
    );
    expect(walk({ field: 'CREATED_AT', direction: 'DESC' }, 3, conditions)).toHaveLength(expected.length);
    expect(store.count('SAILPOINT', conditions)).toBe(expected.length);
  });

  it('places other providers at the same instant by provider rank', () => {
    const order = { field: 'CREATED_AT', direction: 'ASC' } as const;
    const at = base + 60_000;
    const afterFleetio = store.list('SAILPOINT', {
      order,
      after: { at, provider: 'FLEETIO', providerId: '999' },
      limit: 100,
      conditions: {},
    });
    const afterCommerce = store.list('SAILPOINT', {
      order,
      after: { at, provider: 'COMMERCE_LAYER', providerId: 'a' },
      limit: 100,
      conditions: {},
    });
    // Every SailPoint job at that instant follows a Fleetio import there, and precedes a Commerce Layer one.
    expect(afterFleetio.length - afterCommerce.length).toBe(
      jobs.filter((job) => job.createdAt.getTime() === at).length,
    );
  });

  it('survives a reopen', () => {
    store.close();
    const reopened = new SqliteImportStore(directory);
    expect(reopened.get('SAILPOINT', [jobs[3]!.providerId, 'nope']).size).toBe(1);
    reopened.close();
  });
});
