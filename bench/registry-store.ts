/**
 * The registry stores side by side: `node --import tsx bench/registry-store.ts [jobs]` saves that
 * many SailPoint jobs (default 1,000) in SQLite and in Redis (REDIS_URL, default
 * redis://127.0.0.1:6379, keys under a prefix of their own, deleted at the end) and prints p50/p99
 * of a page, a filtered page, a status count and a lookup of 25, 200 times each. Not part of
 * `npm run bench`: the gateway's own scenarios run embedded, without Redis.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisImportStore } from '../src/store/redis-import-store.ts';
import { SqliteImportStore } from '../src/store/sqlite-import-store.ts';
import type { Import } from '../src/imports/model.ts';
import type { ImportStore } from '../src/imports/import-store.ts';
import { deleteKeys } from '../test/support/redis.ts';

const jobCount = Number(process.argv[2] ?? 1000);
const base = Date.parse('2026-11-01T00:00:00Z');
const statuses = ['SUCCEEDED', 'FAILED', 'RUNNING', 'PARTIALLY_SUCCEEDED'] as const;
const jobs: Import[] = Array.from({ length: jobCount }, (_, i) => ({
  provider: 'SAILPOINT',
  providerId: `job-${String(i).padStart(6, '0')}-4f1c-9a7e-0b1d2c3e4f50`,
  status: statuses[i % 4]!,
  providerStatus: 'COMPLETE',
  terminal: i % 4 !== 2,
  resourceType: i % 2 ? 'SOURCE, TRANSFORM' : 'RULE',
  fileName: null,
  format: null,
  createdAt: new Date(base + i * 1000),
  updatedAt: new Date(base + i * 1500),
  startedAt: null,
  completedAt: null,
  counts: { total: i, processed: null, errors: null, warnings: null },
  progress: null,
}));
/** Saves every job, then times each query 200 times (after the saves, so every page is warm). */
async function measure(name: string, store: ImportStore) {
  for (const job of jobs) await store.save(job, 1);
  const time = async (label: string, run: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await run();
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    console.log(`${name} ${label}: p50 ${samples[100]!.toFixed(3)} ms, p99 ${samples[198]!.toFixed(3)} ms`);
  };
  const order = { field: 'CREATED_AT', direction: 'DESC' } as const;
  await time('list 25', () => store.list('SAILPOINT', { order, limit: 26, conditions: {} }));
  await time('list 25 FAILED+TRANSFORM', () =>
    store.list('SAILPOINT', {
      order,
      limit: 26,
      conditions: { statuses: ['FAILED'], resourceTypes: ['TRANSFORM'] },
    }),
  );
  await time('list 25 RUNNING, UPDATED_AT ASC', () =>
    store.list('SAILPOINT', {
      order: { field: 'UPDATED_AT', direction: 'ASC' },
      limit: 26,
      conditions: { statuses: ['RUNNING'] },
    }),
  );
  await time('count FAILED', () => store.count('SAILPOINT', { statuses: ['FAILED'] }));
  await time('get 25', () =>
    store.get(
      'SAILPOINT',
      jobs.slice(0, 25).map((j) => j.providerId),
    ),
  );
  await store.close();
}
const directory = mkdtempSync(join(tmpdir(), 'registry-store-'));
await measure('sqlite', new SqliteImportStore(directory));
rmSync(directory, { recursive: true, force: true });
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(redisUrl);
const prefix = `registry-bench:${Date.now()}:`;
await measure('redis ', new RedisImportStore(redis, prefix));
redis.disconnect();
await deleteKeys(redisUrl, prefix);
