import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { BudgetClaim } from '../../src/imports/shared-rate-budget.ts';
import { RedisRateBudget } from '../../src/store/redis-rate-budget.ts';
import { StoreUnavailableError } from '../../src/store/store-unavailable.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';

/** The shared vendor budget's scripts (src/store/rate-budget-scripts.ts) on the real Redis. */
const redisUrl = await testRedisUrl();
const prefix = testKeyPrefix();
const admin = redisUrl ? new Redis(redisUrl) : undefined;
const connections: Redis[] = [];
afterAll(async () => {
  for (const redis of connections) redis.disconnect();
  if (redisUrl) await deleteKeys(redisUrl, prefix);
  admin?.disconnect();
});

async function budget(): Promise<RedisRateBudget> {
  const redis = new Redis(redisUrl!, { lazyConnect: true });
  connections.push(redis);
  await redis.connect();
  return new RedisRateBudget(redis, prefix);
}

let requests = 0;
/** A claim on `bucket` of at most `limit` a minute, for a request with a minute to go. */
const claim = (bucket: string, limit: number): BudgetClaim => ({
  bucket,
  windows: [{ name: 'per minute', limit, windowMs: 60_000 }],
  id: `request-${(requests += 1)}`,
  deadline: Date.now() + 60_000,
});
const sentKey = (bucket: string) => `${prefix}budget:${bucket}:per minute:sent`;
const endedKey = (bucket: string) => `${prefix}budget:${bucket}:per minute:ended`;
const serverNow = async () => {
  const [seconds, micros] = await admin!.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
};

describe.skipIf(!redisUrl)('a vendor budget shared in Redis', () => {
  it('trims what left the window before counting, and says when the next slot frees', async () => {
    const now = await serverNow();
    // Two requests whose window is over, one that counts for 30 s more.
    await admin!.zadd(endedKey('trim'), now - 5_000, 'old-1', now - 1, 'old-2', now + 30_000, 'recent');
    const shared = await budget();

    expect(await shared.take(claim('trim', 2))).toEqual({ granted: true });
    expect(await admin!.zrange(endedKey('trim'), '0', '-1')).toEqual(['recent']);
    expect(await admin!.zcard(sentKey('trim'))).toBe(1);

    const refused = await shared.take(claim('trim', 2));
    expect(refused).toMatchObject({ granted: false, window: 0 });
    // The recent request frees its slot in 30 s; the one under way at the earliest a window from now.
    const { waitMs } = refused as { waitMs: number };
    expect(waitMs).toBeGreaterThan(25_000);
    expect(waitMs).toBeLessThanOrEqual(30_000);
  });

  it('counts a released request for a window from its end, and lets every key expire', async () => {
    const shared = await budget();
    const first = claim('release', 1);
    expect(await shared.take(first)).toEqual({ granted: true });
    // Held no longer than the request's deadline plus a window, should its instance die.
    const held = await admin!.pttl(sentKey('release'));
    expect(held).toBeGreaterThan(60_000);
    expect(held).toBeLessThanOrEqual(120_000);
    await shared.release(first);
    expect(await admin!.zcard(sentKey('release'))).toBe(0);
    expect(await admin!.zrange(endedKey('release'), '0', '-1')).toEqual([first.id]);
    const ttl = await admin!.pttl(endedKey('release'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await shared.take(claim('release', 1))).toMatchObject({ granted: false });
  });

  it('counts the waiting requests of every instance, forgets those past their deadline, and leaves', async () => {
    const [onA, onB] = [await budget(), await budget()];
    const now = await serverNow();
    // A crashed instance's request: its deadline has passed, so it is no longer waiting.
    await admin!.zadd(`${prefix}budget:queue:waiting`, now - 1, 'crashed carol');
    const alice = claim('queue', 3);
    expect((await onA.join(alice, 'alice')).callers).toEqual([]);
    const bob = claim('queue', 3);
    const queue = await onB.join(bob, 'bob');
    expect(queue.callers).toEqual(['alice']);
    // Nothing spent: the 3 slots of this window, and 3 more in the next minute before the deadline.
    expect(queue.capacity).toBeGreaterThanOrEqual(3);
    expect(queue.capacity).toBeLessThanOrEqual(6);
    await onA.leave(alice, 'alice');
    expect((await onA.join(claim('queue', 3), 'dave')).callers).toEqual(['bob']);
    expect(await admin!.pttl(`${prefix}budget:queue:waiting`)).toBeGreaterThan(0);
  });

  it('fails at once while its connection is down, so the limiter can fall back', async () => {
    const shared = await budget();
    connections.at(-1)!.disconnect();
    await expect(shared.take(claim('down', 1))).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
