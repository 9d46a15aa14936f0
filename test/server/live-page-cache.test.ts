/**
 * PAGE_CACHE_TTL_MS serves live queries too: a query sent over WebSocket (graphql-ws `subscribe`
 * with a query document) or SSE walks the imports with the page cache, as over HTTP. Vendor
 * requests are counted by the simulator (`/__sim/stats`).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { subscribeSse, subscribeWs, wsClient, type Subscription } from '../support/live-clients.ts';

const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 40,
  env: { PAGE_CACHE_TTL_MS: '60000' },
});

const clients: ReturnType<typeof wsClient>[] = [];
afterAll(async () => {
  await Promise.all(
    clients.map(async (client) => {
      await client.dispose();
    }),
  );
});

interface Page {
  imports: { nodes: { id: string }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
}

const PAGE = `query Page($after: String) {
  imports(first: 10, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } }
}`;

type Transport = (variables: Record<string, unknown>) => Subscription<Page>;

const overWebSocket: Transport = (variables) => {
  const client = wsClient(gateway.url);
  clients.push(client);
  return subscribeWs<Page>(client, PAGE, variables);
};
const overSse: Transport = (variables) => subscribeSse<Page>(gateway.url, PAGE, variables);

async function page(transport: Transport, after: string | null): Promise<Page['imports']> {
  const subscription = transport({ after });
  await subscription.untilCompleted();
  expect(subscription.results[0]?.errors).toBeUndefined();
  return subscription.data[0]!.imports;
}

async function listRequests(): Promise<number> {
  return (await gateway.stats()).commercelayer['GET /api/imports'] ?? 0;
}

describe('the page cache on live transports', () => {
  for (const [name, transport] of [
    ['WebSocket', overWebSocket],
    ['SSE', overSse],
  ] as const) {
    it(`serves the next page of a walk over ${name} from what the previous page fetched`, async () => {
      await gateway.resetStats();
      const first = await page(transport, null);
      // 10 items of a Commerce Layer page of 25: the first page asks the vendor once…
      expect(await listRequests()).toBe(1);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await page(transport, first.pageInfo.endCursor);
      // …and the next one is served by the 15 it fetched past its end.
      expect(await listRequests()).toBe(1);
      expect(second.nodes).toHaveLength(10);
      expect(second.nodes.map(({ id }) => id)).not.toContain(first.nodes[9]!.id);
    });
  }
});
