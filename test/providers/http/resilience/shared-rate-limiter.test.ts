import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { RateBucket } from '../../../../src/providers/http/resilience/rate-limit-policy.ts';
import { RateLimitExceeded, RateLimiter } from '../../../../src/providers/http/resilience/rate-limiter.ts';
import { SharedRateLimiter } from '../../../../src/providers/http/resilience/shared-rate-limiter.ts';
import type { SharedRateBudget } from '../../../../src/imports/shared-rate-budget.ts';
import { RedisRateBudget } from '../../../../src/store/redis-rate-budget.ts';
import { capturingLogger } from '../../../support/log-capture.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../../../support/redis.ts';
import { waitFor } from '../../../support/wait.ts';

/** Two "instances" (limiters of their own) over one Redis, and one whose Redis is gone. */
const redisUrl = await testRedisUrl();
const prefix = testKeyPrefix();
const connections: Redis[] = [];
afterAll(async () => {
  for (const redis of connections) redis.disconnect();
  if (redisUrl) await deleteKeys(redisUrl, prefix);
});

async function instance() {
  const redis = new Redis(redisUrl!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  connections.push(redis);
  await redis.connect();
  const { log, messages } = capturingLogger('info');
  const budget = new RedisRateBudget(redis, prefix);
  const calls: string[] = [];
  const counted = new Proxy(budget, {
    get(target, name: keyof SharedRateBudget) {
      const method = target[name].bind(target) as (...args: never[]) => Promise<unknown>;
      return (...args: never[]) => {
        calls.push(name);
        return method(...args);
      };
    },
  });
  const limiter = new SharedRateLimiter(new RateLimiter(), counted, { log, now: Date.now });
  return { limiter, redis, messages, budget, calls };
}

const bucket = (key: string): RateBucket => ({
  key,
  rules: [{ name: 'minute', limit: 2, windowMs: 60_000 }],
});

describe.skipIf(!redisUrl)('a rate limiter sharing its budget', () => {
  it('refuses on one instance what the other spent, and cuts a waiting request at close', async () => {
    const [a, b] = [await instance(), await instance()];
    for (let i = 0; i < 2; i++) (await a.limiter.acquire(bucket('spent'), Date.now() + 5_000)).release();

    const refused = await b.limiter
      .acquire(bucket('spent'), Date.now() + 5_000)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitExceeded);
    expect((refused as RateLimitExceeded).waitMs).toBeGreaterThan(5_000);

    // Within its deadline, it waits for the next slot; closing the client ends the wait.
    const waiting = b.limiter.acquire(bucket('spent'), Date.now() + 120_000);
    b.limiter.close();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('takes an uncontended slot in two round trips, and queues behind a request waiting elsewhere', async () => {
    const a = await instance();
    (await a.limiter.acquire(bucket('uncontended'), Date.now() + 5_000)).release();
    await waitFor('the release', () => a.calls.length === 2);
    expect(a.calls).toEqual(['takeUnlessQueued', 'release']);

    // A request of another instance waits for the bucket: this one may not pass it by.
    const b = await instance();
    const waiting = {
      bucket: 'contended',
      windows: bucket('contended').rules,
      id: 'elsewhere',
      deadline: Date.now() + 5_000,
    };
    await b.budget.join(waiting, 'someone else');
    (await a.limiter.acquire(bucket('contended'), Date.now() + 5_000)).release();
    await waitFor('the release', () => a.calls.includes('release') && a.calls.lastIndexOf('release') > 1);
    expect(a.calls.slice(2)).toEqual(['takeUnlessQueued', 'join', 'take', 'leave', 'release']);
  });

  it('falls back to counting in process while Redis is unreachable, with one warning', async () => {
    const down = await instance();
    down.redis.disconnect();
    const deadline = Date.now() + 5_000;
    for (let i = 0; i < 2; i++) (await down.limiter.acquire(bucket('outage'), deadline)).release();
    // Still the vendor's limit, counted here.
    await expect(down.limiter.acquire(bucket('outage'), deadline)).rejects.toBeInstanceOf(RateLimitExceeded);
    expect(down.messages().filter((message) => /unreachable/.test(message))).toHaveLength(1);
  });
});
