import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeImportId } from '../../src/imports/global-id.ts';
import { DEFAULT_SUBSCRIPTION_SETTINGS } from '../../src/server/streaming/subscription-limits.ts';
import { useGateway } from '../support/gateway.ts';
import {
  addCommerceLayerImport,
  driveToEnd,
  IMPORT_UPDATED,
  IMPORTS_CHANGED,
  subscribeSse,
  subscribeWs,
  wsClient,
  type ImportView,
} from '../support/live-clients.ts';

const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  env: { MAX_SUBSCRIPTIONS_PER_CONNECTION: '2' },
  gateway: {
    live: { activePollMs: 30, idlePollMs: 120, changePollMs: 40 },
    connectionInitWaitTimeoutMs: 200,
  },
});

const clients: ReturnType<typeof wsClient>[] = [];
afterAll(async () => {
  await Promise.all(
    clients.map(async (client) => {
      await client.dispose();
    }),
  );
});
function client() {
  const created = wsClient(gateway.url);
  clients.push(created);
  return created;
}

/** A raw socket speaking graphql-transport-ws, for what a well-behaved client never does. */
function rawSocket(url = gateway.url): Promise<WebSocket> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
}

describe('graphql-ws protocol', () => {
  it('closes a client that never sends connection_init with 4408', async () => {
    const socket = await rawSocket();
    expect((await closeOf(socket)).code).toBe(4408);
  });

  it('closes a client that sends something that is not a message with 4400', async () => {
    const socket = await rawSocket();
    const closed = closeOf(socket);
    socket.send('{"type":"connection_init"}');
    socket.send('not json at all');
    expect((await closed).code).toBe(4400);
  });

  it('refuses a WebSocket on any other path', async () => {
    const socket = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/elsewhere`, 'graphql-transport-ws');
    const status = await new Promise<number | undefined>((resolve) => {
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode));
      socket.once('error', () => resolve(undefined));
    });
    expect(status).toBe(404);
  });

  it('pings for keep-alive (keepAliveMs)', async () => {
    const instance = await gateway.startInstance({ gateway: { keepAliveMs: 100 } });
    const socket = await rawSocket(instance.url);
    const acknowledged = new Promise((resolve) => socket.once('message', resolve));
    socket.send('{"type":"connection_init"}');
    await acknowledged;
    const pinged = new Promise<number>((resolve) => socket.once('ping', () => resolve(Date.now())));
    const since = Date.now();
    expect((await pinged) - since).toBeLessThan(1_000);
    socket.close();
  });

  it('closes every WebSocket with 1001 when the gateway shuts down', async () => {
    const instance = await gateway.startInstance();
    const socket = await rawSocket(instance.url);
    const closed = closeOf(socket);
    socket.send('{"type":"connection_init"}');
    await new Promise((resolve) => socket.once('message', resolve));
    await instance.close();
    expect((await closed).code).toBe(1001);
  });
});

describe('subscription errors and limits', () => {
  it('answers BAD_USER_INPUT for an invalid filter or id', async () => {
    const empty = subscribeWs(client(), IMPORTS_CHANGED, { filter: { statuses: [] } });
    const range = subscribeWs(client(), IMPORTS_CHANGED, {
      filter: { createdAfter: '2026-01-02T00:00:00.000Z', createdBefore: '2026-01-01T00:00:00.000Z' },
    });
    const badEnum = subscribeWs(client(), IMPORTS_CHANGED, { filter: { statuses: ['NOPE'] } });
    const badId = subscribeWs(client(), IMPORT_UPDATED, { id: 'not-an-id' });
    for (const subscription of [empty, range, badEnum, badId]) {
      await subscription.until((s) => s.completed || s.results.length > 0);
      const errors = subscription.results[0]?.errors ?? (subscription.failure as { extensions?: unknown }[]);
      expect(errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  it('caps subscriptions per connection (MAX_SUBSCRIPTIONS_PER_CONNECTION) and frees a slot on completion', async () => {
    const shared = client();
    const first = subscribeWs(shared, IMPORTS_CHANGED);
    const second = subscribeWs(shared, IMPORTS_CHANGED);
    const third = subscribeWs(shared, IMPORTS_CHANGED);
    await third.until((s) => s.completed);
    expect((third.failure as { extensions?: unknown }[])[0]).toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
    });
    // The slot is free as soon as the server reads the client's complete, before its next message.
    first.cancel();
    const { id } = await addCommerceLayerImport(gateway, 5);
    const fourth = subscribeWs<{ importUpdated: ImportView }>(shared, IMPORT_UPDATED, { id });
    // Accepted: it gets the import's current state, with no error.
    await fourth.until((s) => s.results.length === 1 || s.completed);
    expect(fourth.results[0]?.errors).toBeUndefined();
    expect(fourth.data[0]?.importUpdated.status).toBe('PENDING');
    second.cancel();
    fourth.cancel();
  });

  it('caps subscriptions per instance (MAX_SUBSCRIPTIONS): RATE_LIMITED, and the connection stays', async () => {
    const instance = await gateway.startInstance({
      configure: (config) => ({
        ...config,
        subscriptions: { ...DEFAULT_SUBSCRIPTION_SETTINGS, maxPerInstance: 1 },
      }),
    });
    const { id } = await addCommerceLayerImport(gateway, 5);
    const [one, other] = [wsClient(instance.url), wsClient(instance.url)];
    clients.push(one, other);
    const holder = subscribeWs<{ importUpdated: ImportView }>(one, IMPORT_UPDATED, { id });
    await holder.until((s) => s.results.length === 1);
    const refused = subscribeWs(other, IMPORTS_CHANGED);
    await refused.untilCompleted();
    expect((refused.failure as { extensions?: unknown }[])[0]).toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
    });
    // The refused client's connection is still usable: a query over it answers.
    const query = subscribeWs<{ providers: unknown[] }>(other, '{ providers { provider } }');
    await query.untilCompleted();
    expect(query.data[0]?.providers).toContainEqual({ provider: 'COMMERCE_LAYER' });
    expect(holder.completed).toBe(false);
  });
});

describe('subscriptions over plain HTTP', () => {
  it('are refused with UNSUPPORTED_OPERATION, naming the transports to use', async () => {
    const answer = await gateway.graphql('subscription { importsChanged { kind } }');
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'UNSUPPORTED_OPERATION' } });
    expect(answer.errors?.[0]?.message).toContain('/graphql/stream');
  });
});

describe('GraphQL over SSE at /graphql/stream', () => {
  it('streams importUpdated from PENDING to SUCCEEDED, then completes', async () => {
    const { id } = await addCommerceLayerImport(gateway, 5);
    const updates = subscribeSse<{ importUpdated: ImportView }>(gateway.url, IMPORT_UPDATED, { id });
    await updates.until((s) => s.results.length === 1);
    await driveToEnd(gateway, updates);
    await updates.untilCompleted();
    const statuses = updates.data.map((data) => data.importUpdated.status);
    expect(statuses[0]).toBe('PENDING');
    expect(statuses.at(-1)).toBe('SUCCEEDED');
    expect(statuses).toContain('RUNNING');
  });

  it('speaks plain text/event-stream to curl: an unknown id is a NOT_FOUND event, then complete', async () => {
    const id = encodeImportId({ provider: 'COMMERCE_LAYER', providerId: 'Unknown', createdAt: new Date() });
    const response = await fetch(`${gateway.url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: IMPORT_UPDATED, variables: { id } }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    const events = [...text.matchAll(/event: (\w+)\ndata: ?(.*)\n/g)].map((match) => [match[1], match[2]]);
    expect(events.map(([event]) => event)).toEqual(['next', 'complete']);
    expect(JSON.parse(events[0]![1]!)).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });
});
