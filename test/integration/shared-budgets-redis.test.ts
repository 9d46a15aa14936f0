import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/gateway.ts';
import { useGateway, type GraphQLResponse } from '../support/gateway.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';
import { postAs, TWO_CALLERS_ENV, type Caller } from '../support/two-callers.ts';

/**
 * Vendor budgets counted across instances (docs/SECURITY.md, Fair use of vendor budgets): Fleetio
 * allows 3 requests a minute here, and instances A and B (an operation may wait 2 minutes for a
 * slot) and C (25 s) share one Redis. Before, each instance spent the whole budget itself.
 */
const redisUrl = await testRedisUrl();
const prefix = testKeyPrefix();

const gateway = useGateway({
  providers: ['fleetio'],
  imports: 3,
  env: {
    ...TWO_CALLERS_ENV,
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix } : {}),
    UPSTREAM_RATE_LIMITS: 'documented',
    FLEETIO_RATE_LIMIT_PER_MINUTE: '3',
    REQUEST_TIMEOUT_MS: '120000',
    SHUTDOWN_GRACE_MS: '120000',
  },
});

const LIST = 'query ($first: Int) { imports(first: $first) { nodes { id } } }';
interface ListData {
  imports: { nodes: { id: string }[] };
}
type ListAnswer = GraphQLResponse<ListData>;

/** A page of `first` imports on `url`: a different `first` each, so no two share one vendor request. */
const list = (url: string, caller: Caller, first: number): Promise<ListAnswer> =>
  postAs<ListData>(url, caller, LIST, { first });

/** Requests Fleetio's simulator served, from every instance. */
async function fleetioRequests(): Promise<number> {
  const { fleetio } = await gateway.stats();
  return Object.values(fleetio).reduce((sum, count) => sum + count, 0);
}

function rateLimited(answer: ListAnswer | undefined): { message: string; retryAfterSeconds: number } {
  expect(answer?.errors).toEqual([
    expect.objectContaining({
      extensions: expect.objectContaining({
        code: 'RATE_LIMITED',
        provider: 'FLEETIO',
        retryAfterSeconds: expect.any(Number) as number,
      }) as object,
    }),
  ]);
  const [error] = answer!.errors!;
  return { message: error!.message, retryAfterSeconds: error!.extensions!.retryAfterSeconds as number };
}

describe.skipIf(!redisUrl)('instances sharing a vendor budget in Redis', () => {
  let instanceB: RunningGateway;
  let instanceC: RunningGateway;
  const waiting: Promise<unknown>[] = [];

  beforeAll(async () => {
    instanceB = await gateway.startInstance();
    instanceC = await gateway.startInstance({
      configure: (config) => ({ ...config, operations: { ...config.operations, requestTimeoutMs: 25_000 } }),
    });
  });
  afterAll(async () => {
    // Still waiting for a slot a minute away: closing cuts them.
    await Promise.all([gateway.gateway.close(), instanceB.close(), instanceC.close()]);
    await Promise.allSettled(waiting);
    await deleteKeys(redisUrl!, prefix);
  });

  it('sends at most the budget from every instance together, and refuses the rest with retryAfterSeconds', async () => {
    // Spend the minute's 3 requests from every instance in turn (the gateway may have made some itself).
    const instances = [gateway.url, instanceB.url, instanceC.url];
    for (let first = 1; (await fleetioRequests()) < 3; first++)
      expect((await list(instances[first % 3]!, 'alice', first)).errors).toBeUndefined();

    // C's next slot is a minute away, past its 25 s deadline: refused at once, not sent.
    const refused = rateLimited(await list(instanceC.url, 'alice', 20));
    expect(refused.message).toMatch(/past this request's deadline/);
    expect(refused.retryAfterSeconds).toBeGreaterThan(25);
    expect(await fleetioRequests()).toBe(3);
  });

  it('refuses on B a caller over its share of the requests waiting on every instance, while another caller waits', async () => {
    // The window is spent (previous test). Alice queues 4 on A: a minute away, within her 2 minutes.
    for (const first of [31, 32, 33, 34])
      waiting.push(list(gateway.url, 'alice', first).catch(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Bob queues 1 on B: 2 callers now share the 6 requests the budget can send before the deadline.
    const bob = { answered: false };
    waiting.push(
      list(instanceB.url, 'bob', 35).then(
        () => (bob.answered = true),
        () => undefined,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    const over = rateLimited(await list(instanceB.url, 'alice', 36));
    expect(over.message).toMatch(/shares it between the callers waiting/);
    expect(over.retryAfterSeconds).toBeGreaterThan(0);
    expect(bob.answered).toBe(false);
    expect(await fleetioRequests()).toBe(3);
  });
});
