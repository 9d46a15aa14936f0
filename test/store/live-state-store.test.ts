import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveStateStore } from '../../src/store/live-state-store.ts';
import { RedisLiveStateStore } from '../../src/store/redis-live-state-store.ts';
import { SqliteLiveStateStore } from '../../src/store/sqlite-live-state-store.ts';
import { importAt } from '../support/import-fixture.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';

const dirs: string[] = [];
const redisUrl = await testRedisUrl();
const prefix = testKeyPrefix();
const connections: Redis[] = [];
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const redis of connections) redis.disconnect();
  if (redisUrl) await deleteKeys(redisUrl, prefix);
});

/** The same sequence against any store: the rules are judge()'s, in SQL or in Lua. */
async function recordsLikeJudge(store: LiveStateStore, providerId: string) {
  const at = (updatedAt: number, processed: number) =>
    importAt(updatedAt, { providerId, counts: { total: 10, processed, errors: 0, warnings: 0 } });
  expect(await store.record({ item: at(2_000, 2), kindIfUnknown: 'CREATED' })).toMatchObject({
    kind: 'CREATED',
    previousStatus: null,
  });
  expect(await store.record({ item: at(2_000, 2), kindIfUnknown: 'CREATED' })).toBeUndefined();
  expect(await store.record({ item: at(1_000, 1), kindIfUnknown: 'CREATED' })).toBeUndefined();
  expect(await store.record({ item: at(2_500, 2), kindIfUnknown: 'CREATED' })).toBeUndefined();
  // The silent update counts: the 2_000 state is now older than what is known.
  expect(await store.record({ item: at(2_000, 3), kindIfUnknown: 'CREATED' })).toBeUndefined();
  const change = await store.record({ item: at(3_000, 5), kindIfUnknown: 'CREATED' });
  expect(change).toMatchObject({ kind: 'UPDATED', previousStatus: 'RUNNING' });
  expect(change!.import.updatedAt).toEqual(new Date(3_000));
  expect(change!.import.counts.processed).toBe(5);
  expect(await store.record({ item: at(3_000, 5), deleted: true, kindIfUnknown: 'UPDATED' })).toMatchObject({
    kind: 'DELETED',
  });
  expect(await store.record({ item: at(3_000, 5), deleted: true, kindIfUnknown: 'UPDATED' })).toBeUndefined();
  const known = await store.lastKnown([`COMMERCE_LAYER:${providerId}`, 'COMMERCE_LAYER:absent']);
  expect(known.size).toBe(1);
  expect(known.get(`COMMERCE_LAYER:${providerId}`)).toMatchObject({ deleted: true });
  await store.writeMark('changes:COMMERCE_LAYER', '{"at":1,"horizon":1}');
  expect(await store.readMark('changes:COMMERCE_LAYER')).toBe('{"at":1,"horizon":1}');
}

describe('SqliteLiveStateStore', () => {
  it('keeps only news, by updatedAt and fingerprint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'live-state-'));
    dirs.push(dir);
    const store = new SqliteLiveStateStore(dir);
    await recordsLikeJudge(store, 'AbCdEf');
    await store.close();
  });

  it('still knows every state after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'live-state-'));
    dirs.push(dir);
    const first = new SqliteLiveStateStore(dir);
    await first.record({ item: importAt(2_000), kindIfUnknown: 'CREATED' });
    await first.writeMark('m', 'v');
    await first.close();
    const second = new SqliteLiveStateStore(dir);
    expect(await second.record({ item: importAt(2_000), kindIfUnknown: 'CREATED' })).toBeUndefined();
    expect(await second.readMark('m')).toBe('v');
    await second.close();
  });
});

describe.skipIf(!redisUrl)('RedisLiveStateStore', () => {
  it('follows the same rules in its script, and publishes each change it announces', async () => {
    const redis = new Redis(redisUrl!);
    const subscriber = new Redis(redisUrl!);
    connections.push(redis, subscriber);
    const channel = `${prefix}live:changes`;
    const published: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => published.push(message));
    await subscriber.subscribe(channel);
    const store = new RedisLiveStateStore(redis, prefix, channel);
    await recordsLikeJudge(store, 'GhIjKl');
    await expect.poll(() => published.length).toBe(3);
    expect(published.map((message) => (JSON.parse(message) as { kind: string }).kind)).toEqual([
      'CREATED',
      'UPDATED',
      'DELETED',
    ]);
  });
});
