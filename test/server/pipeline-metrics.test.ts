/**
 * One operation pipeline: an operation is counted in `gateway_graphql_operations_total` the same
 * way whichever transport carried it (README, Operations), through real HTTP, WebSocket and SSE.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { subscribeSse, subscribeWs, wsClient, type Subscription } from '../support/live-clients.ts';
import { operationsCounted } from '../support/metrics-text.ts';

const gateway = useGateway({ providers: ['commercelayer'], imports: 3 });

const clients: ReturnType<typeof wsClient>[] = [];
afterAll(async () => {
  await Promise.all(
    clients.map(async (client) => {
      await client.dispose();
    }),
  );
});

function wsOf(url: string) {
  const client = wsClient(url);
  clients.push(client);
  return client;
}

const listNamed = (name: string) => `query ${name} { imports(first: 2) { nodes { id } } }`;
const watchNamed = (name: string) =>
  `subscription ${name}($id: ID!) { importUpdated(id: $id) { id status } }`;

async function firstImportId(): Promise<string> {
  const answer = await gateway.graphql<{ imports: { nodes: { id: string }[] } }>(
    '{ imports(first: 1) { nodes { id } } }',
  );
  return answer.data!.imports.nodes[0]!.id;
}

const counted = (labels: Record<string, string>) => operationsCounted(gateway.gateway.metricsUrl, labels);

async function completed(subscription: Subscription<unknown>): Promise<void> {
  await subscription.untilCompleted();
  expect(subscription.failure).toBeUndefined();
}

describe('gateway_graphql_operations_total over every transport', () => {
  it('counts a query once over HTTP, WebSocket and SSE, with its name, type and outcome', async () => {
    expect((await gateway.graphql(listNamed('OverHttp'))).errors).toBeUndefined();
    const overWs = subscribeWs(wsOf(gateway.url), listNamed('OverWebSocket'));
    await completed(overWs);
    const overSse = subscribeSse(gateway.url, listNamed('OverSse'));
    await completed(overSse);
    for (const operation of ['OverHttp', 'OverWebSocket', 'OverSse'])
      expect(await counted({ operation, type: 'query', outcome: 'ok' }), operation).toBe(1);
  });

  it('counts a subscription once, when its stream starts, over WebSocket and SSE', async () => {
    const id = await firstImportId();
    const overWs = subscribeWs(wsOf(gateway.url), watchNamed('WatchOverWebSocket'), { id });
    const overSse = subscribeSse(gateway.url, watchNamed('WatchOverSse'), { id });
    try {
      await overWs.until((s) => s.results.length > 0);
      await overSse.until((s) => s.results.length > 0);
      for (const operation of ['WatchOverWebSocket', 'WatchOverSse'])
        expect(await counted({ operation, type: 'subscription', outcome: 'ok' }), operation).toBe(1);
    } finally {
      overWs.cancel();
      overSse.cancel();
    }
  });

  it('counts an operation refused before it runs as an error, as HTTP does', async () => {
    const refused = { operation: 'anonymous', type: 'unknown', outcome: 'error' };
    const invalid = '{ imports(first: 1) { nope } }';
    const before = await counted(refused);
    expect((await gateway.graphql(invalid)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await counted(refused)).toBe(before + 1);
    const overWs = subscribeWs(wsOf(gateway.url), invalid);
    await overWs.untilCompleted();
    expect(await counted(refused)).toBe(before + 2);
    const overSse = subscribeSse(gateway.url, invalid);
    await overSse.untilCompleted();
    expect(overSse.results[0]?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await counted(refused)).toBe(before + 3);
  });
});
