import { afterAll, describe, expect, it } from 'vitest';
import { useGateway, type GraphQLResponse } from '../support/gateway.ts';
import { postAs, TWO_CALLERS_ENV, type Caller } from '../support/two-callers.ts';

/**
 * Fair use of vendor budgets (docs/SECURITY.md, Fair use of vendor budgets), over real HTTP:
 * Fleetio allows 3 requests a minute here, and an operation may wait 2 minutes for a slot.
 */
const gateway = useGateway({
  providers: ['fleetio'],
  imports: 3,
  env: {
    ...TWO_CALLERS_ENV,
    UPSTREAM_RATE_LIMITS: 'documented',
    FLEETIO_RATE_LIMIT_PER_MINUTE: '3',
    REQUEST_TIMEOUT_MS: '120000',
    SHUTDOWN_GRACE_MS: '120000',
  },
});

const LIST =
  'query ($first: Int, $filter: ImportFilter) { imports(first: $first, filter: $filter) { nodes { id } } }';
type ListAnswer = GraphQLResponse<{ imports: { nodes: { id: string }[] } }>;

/** A page of `first` imports: a different `per_page` each, so no two share one vendor request. */
const list = (caller: Caller, first: number) =>
  postAs<ListAnswer['data']>(gateway.url, caller, LIST, { first });

/** Fleetio requests the gateway made so far, by its own metrics. */
async function fleetioRequests(): Promise<number> {
  const text = await (await fetch(gateway.gateway.metricsUrl)).text();
  const line = /^gateway_upstream_request_duration_seconds_count\{provider="FLEETIO"[^}]*\} (\d+)$/m.exec(
    text,
  );
  return line ? Number(line[1]) : 0;
}

const waiting: Promise<unknown>[] = [];
afterAll(async () => {
  // Still queued for a slot a minute away: the gateway's close cuts them.
  await gateway.gateway.close();
  await Promise.allSettled(waiting);
});

// These are refused before any vendor call: the budget is still whole after them.
describe('list arguments', () => {
  it.each([
    ['statuses', { statuses: Array(9).fill('RUNNING') }, 8],
    ['providers', { providers: Array(4).fill('FLEETIO') }, 3],
    ['resourceTypes', { resourceTypes: Array.from({ length: 51 }, (_, i) => `type-${i}`) }, 50],
  ])('refuse a filter with more %s than documented', async (name, filter, limit) => {
    const answer = await postAs(gateway.url, 'alice', LIST, { first: 1, filter });
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(`\`filter.${name}\` takes at most ${limit} items`) as string,
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) as object,
      }),
    ]);
  });
});

describe('a contended vendor budget', () => {
  it('refuses a caller over its share at once, with retryAfterSeconds, while another caller waits its turn', async () => {
    // The minute's 3 requests are spent (the gateway may have made some of them itself).
    for (let first = 1; (await fleetioRequests()) < 3; first++)
      expect((await list('alice', 10 + first)).errors).toBeUndefined();
    // Alice queues 4 more: a minute from now at the earliest, within her 2-minute deadline.
    for (const first of [3, 4, 5, 6]) waiting.push(list('alice', first).catch(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Bob queues 1: 2 callers now share the 6 requests the budget can send before the deadline.
    const bob = { answered: false };
    waiting.push(
      list('bob', 7).then(
        () => (bob.answered = true),
        () => undefined,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    const over = await postAs(gateway.url, 'alice', LIST, { first: 8 }).then(
      (answer) => answer,
      () => undefined,
    );
    expect(over?.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/shares it between the callers waiting/) as string,
        extensions: expect.objectContaining({
          code: 'RATE_LIMITED',
          provider: 'FLEETIO',
          retryAfterSeconds: expect.any(Number) as number,
          upstream: {},
        }) as object,
      }),
    ]);
    expect((over!.errors![0]!.extensions as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(
      0,
    );
  });
});
