import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { RateBucket } from '../../../../src/providers/http/resilience/rate-limit-policy.ts';
import { RateLimitExceeded, RateLimiter } from '../../../../src/providers/http/resilience/rate-limiter.ts';
import { SharedRateLimiter } from '../../../../src/providers/http/resilience/shared-rate-limiter.ts';
import { RedisRateBudget } from '../../../../src/store/redis-rate-budget.ts';
import { capturingLogger } from '../../../support/log-capture.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../../../support/redis.ts';

/** Two "instances" (limiters of their own) over one Redis, and one whose Redis is gone. */
const redisUrl = await testRedisUrl();
const prefix = testKeyPrefix();
const connections: Redis[] = [];
afterAll(async () => {
  for (const redis of connections) redis.disconnect();
  if (redisUrl) await deleteKeys(redisUrl, prefix);
});

async function instance(): Promise<{ limiter: SharedRateLimiter; redis: Redis; messages: () => string[] }> {
  const redis = new Redis(redisUrl!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  connections.push(redis);
  await redis.connect();
  const { log, messages } = capturingLogger('info');
  const limiter = new SharedRateLimiter(new RateLimiter(), new RedisRateBudget(redis, prefix), {
    log,
    now: Date.now,
  });
  return { limiter, redis, messages };
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
