import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Import } from '../../src/imports/model.ts';
import { compareImports, positionOf, type ImportOrder } from '../../src/imports/order.ts';
import type { ImportConditions } from '../../src/imports/import-source.ts';
import type { ImportStore } from '../../src/imports/import-store.ts';
import { RedisImportStore } from '../../src/store/redis-import-store.ts';
import { SqliteImportStore } from '../../src/store/sqlite-import-store.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';

const directory = mkdtempSync(join(tmpdir(), 'store-test-'));
const redisUrl = await testRedisUrl();
const prefix = testKeyPrefix();
const connections: Redis[] = [];
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  for (const redis of connections) redis.disconnect();
  if (redisUrl) await deleteKeys(redisUrl, prefix);
});

function redisStore(): RedisImportStore {
  const redis = new Redis(redisUrl!);
  connections.push(redis);
  return new RedisImportStore(redis, prefix);
}

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

/** The same registry behaviour from both stores: SQL in SQLite, a Lua walk in Redis. */
function behavesAsARegistry(name: string, open: () => ImportStore, reopen: () => ImportStore) {
  describe(name, () => {
    const store = open();
    const saved = Promise.all(jobs.map((job) => store.save(job, 1)));

    async function walk(order: ImportOrder, size: number, conditions: ImportConditions = {}) {
      await saved;
      const seen: Import[] = [];
      for (;;) {
        const last = seen[seen.length - 1];
        const page = await store.list('SAILPOINT', {
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
      it(`pages in the total order (${order.field} ${order.direction}) and revives every field`, async () => {
        const expected = [...jobs].sort((a, b) => compareImports(a, b, order));
        expect(await walk(order, 7)).toEqual(expected);
      });

      it(`pages the imports of several statuses merged in that order (${order.field} ${order.direction})`, async () => {
        const wanted = ['FAILED', 'RUNNING', 'PARTIALLY_SUCCEEDED'];
        const expected = jobs
          .filter((job) => wanted.includes(job.status))
          .sort((a, b) => compareImports(a, b, order));
        expect(await walk(order, 4, { statuses: ['FAILED', 'RUNNING', 'PARTIALLY_SUCCEEDED'] })).toEqual(
          expected,
        );
      });
    }

    it('filters by status, resource type among several, and time bounds, and counts the same', async () => {
      const conditions: ImportConditions = {
        statuses: ['FAILED', 'PARTIALLY_SUCCEEDED'],
        resourceTypes: ['TRANSFORM'],
        createdAfter: base,
        updatedBefore: base + 4 * 60_000,
      };
      const expected = jobs
        .filter(
          (job) =>
            ['FAILED', 'PARTIALLY_SUCCEEDED'].includes(job.status) &&
            job.resourceType?.includes('TRANSFORM') &&
            job.createdAt.getTime() > base &&
            job.updatedAt.getTime() < base + 4 * 60_000,
        )
        .sort((a, b) => compareImports(a, b, { field: 'CREATED_AT', direction: 'DESC' }));
      expect(expected.length).toBeGreaterThan(1);
      expect(await walk({ field: 'CREATED_AT', direction: 'DESC' }, 3, conditions)).toEqual(expected);
      expect(await store.count('SAILPOINT', conditions)).toBe(expected.length);
      // A type matches whole: TRANSFORM is not TRANS, and an empty list matches nothing.
      expect(await store.count('SAILPOINT', { resourceTypes: ['TRANS'] })).toBe(0);
      expect(await store.count('SAILPOINT', { statuses: [] })).toBe(0);
      expect(await store.count('SAILPOINT', {})).toBe(jobs.length);
    });

    it('counts statuses within creation bounds, and follows a job that changes status', async () => {
      await saved;
      const bounds = { createdAfter: base, createdBefore: base + 5 * 60_000 };
      const within = (job: Import) =>
        job.createdAt.getTime() > bounds.createdAfter && job.createdAt.getTime() < bounds.createdBefore;
      const count = (wanted: string[]) =>
        jobs.filter((job) => wanted.includes(job.status) && within(job)).length;
      expect(await store.count('SAILPOINT', { ...bounds, statuses: ['FAILED', 'RUNNING', 'FAILED'] })).toBe(
        count(['FAILED', 'RUNNING']),
      );
      expect(await store.count('SAILPOINT', bounds)).toBe(jobs.filter(within).length);
      const moving = { ...jobs[0]!, providerId: 'moving-job', status: 'RUNNING' as const };
      await store.save(moving, 1);
      const later = new Date(moving.updatedAt.getTime() + 1);
      await store.save({ ...moving, status: 'SUCCEEDED', terminal: true, updatedAt: later }, 2);
      expect(await store.count('SAILPOINT', { statuses: ['RUNNING'] })).toBe(
        jobs.filter((job) => job.status === 'RUNNING').length,
      );
      expect(await store.count('SAILPOINT', { statuses: ['SUCCEEDED'] })).toBe(
        jobs.filter((job) => job.status === 'SUCCEEDED').length + 1,
      );
    });

    it('places other providers at the same instant by provider rank', async () => {
      await saved;
      const order = { field: 'CREATED_AT', direction: 'ASC' } as const;
      const at = base + 60_000;
      const after = (provider: 'FLEETIO' | 'COMMERCE_LAYER', providerId: string) =>
        store.list('SAILPOINT', { order, after: { at, provider, providerId }, limit: 100, conditions: {} });
      const afterFleetio = await after('FLEETIO', '999');
      const afterCommerce = await after('COMMERCE_LAYER', 'a');
      // Every SailPoint job at that instant follows a Fleetio import there, and precedes a Commerce Layer one.
      expect(afterFleetio.length - afterCommerce.length).toBe(
        jobs.filter((job) => job.createdAt.getTime() === at).length,
      );
    });

    it('keeps the vendor’s later state when an earlier one is saved after it', async () => {
      const running = { ...jobs[2]!, providerId: 'raced-job', status: 'RUNNING' as const };
      const later = new Date(running.updatedAt.getTime() + 1_000);
      await store.save({ ...running, status: 'SUCCEEDED', terminal: true, updatedAt: later }, 1_000);
      // Read earlier by a slower instance, saved later, on a clock that runs ahead.
      await store.save(running, 9_000);
      const stored = (await store.get('SAILPOINT', ['raced-job'])).get('raced-job');
      expect(stored).toMatchObject({ refreshedAt: 1_000, item: { status: 'SUCCEEDED' } });
      // The same vendor state read again is saved (what the gateway adds to it, e.g. an expiry).
      await store.save({ ...running, status: 'FAILED', terminal: true, updatedAt: later }, 500);
      expect((await store.get('SAILPOINT', ['raced-job'])).get('raced-job')).toMatchObject({
        refreshedAt: 500,
        item: { status: 'FAILED' },
      });
    });

    it('keeps idempotency keys: the first request wins, parts only under an open key', async () => {
      const ledger = store.creations;
      await ledger.open('key-1', 'SAILPOINT', 'fingerprint-a', 10);
      await ledger.open('key-1', 'SAILPOINT', 'fingerprint-b', 11);
      await ledger.sending('key-1', 2, 12);
      await ledger.created('key-1', 1, jobs[0]!, 13);
      await ledger.sending('not-open', 1, 14);
      expect(await ledger.find('not-open')).toBeUndefined();
      const record = await ledger.find('key-1');
      expect(record).toMatchObject({ provider: 'SAILPOINT', fingerprint: 'fingerprint-a', completed: false });
      expect([...record!.parts.values()]).toEqual([
        { part: 1, state: 'created', item: jobs[0], updatedAt: 13 },
        { part: 2, state: 'sending', item: null, updatedAt: 12 },
      ]);
      await ledger.clear('key-1', 2);
      await ledger.complete('key-1', 15);
      expect(await ledger.find('key-1')).toMatchObject({
        completed: true,
        parts: new Map([[1, expect.anything()]]),
      });
      await ledger.remove('key-1');
      expect(await ledger.find('key-1')).toBeUndefined();
    });

    it('keeps facts per provider and kind', async () => {
      const { facts } = store;
      await facts.set('COMMERCE_LAYER', 'abc', 'interrupted-by-gateway', true, 1);
      await facts.set('SAILPOINT', 'job', 'expiration', '2026-12-01T00:00:00.000Z', 1);
      expect(await facts.idsWith('COMMERCE_LAYER', 'interrupted-by-gateway')).toEqual(['abc']);
      expect(await facts.get('SAILPOINT', 'job', 'expiration')).toBe('2026-12-01T00:00:00.000Z');
      expect(await facts.get('SAILPOINT', 'abc', 'expiration')).toBeUndefined();
      await facts.remove('COMMERCE_LAYER', 'abc', 'interrupted-by-gateway');
      expect(await facts.idsWith('COMMERCE_LAYER', 'interrupted-by-gateway')).toEqual([]);
    });

    it('survives a reopen', async () => {
      await store.close();
      const reopened = reopen();
      expect((await reopened.get('SAILPOINT', [jobs[3]!.providerId, 'nope'])).size).toBe(1);
      await reopened.close();
    });
  });
}

behavesAsARegistry(
  'SqliteImportStore',
  () => new SqliteImportStore(directory),
  () => new SqliteImportStore(directory),
);

describe.skipIf(!redisUrl)('Redis', () => {
  behavesAsARegistry('RedisImportStore', redisStore, redisStore);

  const lockKey = (name: string) => `${prefix}idempotency-lock:${name}`;

  it('waits while another instance holds a key lock, and runs once it is released', async () => {
    const other = new Redis(redisUrl!);
    connections.push(other);
    // Another instance's lock, as its ledger writes it.
    expect(await other.set(lockKey('held'), 'another-instance', 'PX', 10_000, 'NX')).toBe('OK');
    const ledger = redisStore().creations;
    let ran = false;
    const waiting = ledger.lock('held', () => {
      ran = true;
      return Promise.resolve('ran');
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ran).toBe(false);
    await other.del(lockKey('held'));
    expect(await waiting).toBe('ran');
    // Released after the run: the next caller anywhere takes it at once.
    expect(await other.exists(lockKey('held'))).toBe(0);
  });

  it('gives up waiting for a held lock when the caller’s deadline passes, in Redis and in the process', async () => {
    const other = new Redis(redisUrl!);
    connections.push(other);
    await other.set(lockKey('stuck'), 'another-instance', 'PX', 10_000, 'NX');
    const ledger = redisStore().creations;
    await expect(ledger.lock('stuck', () => Promise.resolve(1), AbortSignal.timeout(200))).rejects.toThrow(
      /abort/i,
    );
    await other.del(lockKey('stuck'));
    let release!: () => void;
    const holding = ledger.lock('local', () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(ledger.lock('local', () => Promise.resolve(1), AbortSignal.timeout(200))).rejects.toThrow(
      /abort/i,
    );
    release();
    await holding;
    expect(await ledger.lock('local', () => Promise.resolve('ran'))).toBe('ran');
  });
});
