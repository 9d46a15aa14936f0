/**
 * The memory bounds of the transports, through real HTTP, WebSocket and SSE: live connections per
 * instance (MAX_CONNECTIONS), queries and mutations running at once on one WebSocket
 * (MAX_OPERATIONS_PER_CONNECTION), subscriptions per caller (MAX_SUBSCRIPTIONS_PER_PRINCIPAL),
 * frames before `connection_init`, webhook bodies, and no "Did you mean" hint on any transport
 * once introspection is off. Each refusal says which limit it is.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config.ts';
import { postGraphql, useGateway } from '../support/gateway.ts';
import { IMPORTS_CHANGED, subscribeSse, subscribeWs, wsClient } from '../support/live-clients.ts';
import { rawRequest, upgradeAnswer } from '../support/raw-http.ts';
import { API_KEYS, apiKeyEntry } from '../support/secrets.ts';
import { waitFor } from '../support/wait.ts';

const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 3,
  env: {
    GATEWAY_API_KEYS: [
      apiKeyEntry('reader', API_KEYS.reader, 'imports:read'),
      apiKeyEntry('writer', API_KEYS.writer, 'imports:read+imports:write'),
    ].join(','),
    MAX_OPERATIONS_PER_CONNECTION: '2',
    MAX_SUBSCRIPTIONS_PER_PRINCIPAL: '2',
    GRAPHQL_INTROSPECTION: '0',
  },
  gateway: { live: { activePollMs: 60_000, idlePollMs: 60_000, changePollMs: 60_000 } },
});

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const clients: ReturnType<typeof wsClient>[] = [];
afterAll(async () => {
  for (const client of clients) await client.dispose();
});
function client(key: string = API_KEYS.reader, url = gateway.url) {
  const created = wsClient(url, { connectionParams: bearer(key) });
  clients.push(created);
  return created;
}
type Errors = { message: string; extensions?: { code?: string } }[];
const PROVIDERS = '{ providers { provider } }';

describe('settings', () => {
  it('have the documented defaults, and are read from the environment', () => {
    const defaults = loadConfig({}).security.transport;
    expect(defaults).toEqual({
      allowedHosts: [],
      maxConnections: 5_000,
      maxOperationsPerConnection: 10,
      maxSubscriptionsPerPrincipal: undefined,
      maxDocumentCacheBytes: 32 * 1024 * 1024,
    });
    const set = loadConfig({ MAX_CONNECTIONS: '7', ALLOWED_HOSTS: 'a.example, .b.example' }).security
      .transport;
    expect(set).toMatchObject({ maxConnections: 7, allowedHosts: ['a.example', '.b.example'] });
    const refused = () => loadConfig({ MAX_OPERATIONS_PER_CONNECTION: '0', ALLOWED_HOSTS: 'http://x/' });
    expect(refused).toThrow(/MAX_OPERATIONS_PER_CONNECTION must be a whole number/);
    expect(refused).toThrow(/ALLOWED_HOSTS entries must be host names/);
  });
});

describe('MAX_CONNECTIONS', () => {
  it('refuses the WebSocket or SSE stream beyond it with 503 and a reason, until one closes', async () => {
    const small = await gateway.startInstance({
      configure: (config) => ({
        ...config,
        security: { ...config.security, transport: { ...config.security.transport, maxConnections: 2 } },
      }),
    });
    const open = [client(API_KEYS.reader, small.url), client(API_KEYS.reader, small.url)];
    // A subscription holds each connection open (a lazy client closes once it has none).
    for (const connection of open) {
      subscribeWs(connection, IMPORTS_CHANGED);
      await subscribeWs(connection, PROVIDERS).untilCompleted();
    }

    const upgrade = await upgradeAnswer(`${small.url}/graphql`);
    expect(upgrade.status).toBe(503);
    expect(upgrade.headers['retry-after']).toBeDefined();
    expect(upgrade.text).toContain('MAX_CONNECTIONS');
    const stream = await rawRequest(`${small.url}/graphql/stream`, {
      method: 'POST',
      headers: {
        accept: 'text/event-stream',
        'content-type': 'application/json',
        authorization: `Bearer ${API_KEYS.reader}`,
      },
      body: JSON.stringify({ query: IMPORTS_CHANGED }),
    });
    expect(stream.status).toBe(503);
    expect(stream.text).toContain('MAX_CONNECTIONS');

    await open[0]!.dispose();
    await waitFor(
      'a free connection',
      async () => (await upgradeAnswer(`${small.url}/graphql`)).status === 101,
    );
  });
});

describe('MAX_OPERATIONS_PER_CONNECTION', () => {
  it('refuses a query beyond it on one WebSocket, and runs the others', async () => {
    // A slow vendor keeps the first queries running while the next one arrives.
    await gateway.control('commercelayer', 'PUT', '/__sim/faults', { latencyMs: 1_500 });
    try {
      const connection = client();
      const query = '{ imports(first: 1) { totalCount } }';
      const running = [subscribeWs(connection, query), subscribeWs(connection, query)];
      const refused = subscribeWs(connection, query);
      await refused.untilCompleted();
      const errors = refused.failure as Errors;
      expect(errors[0]!.extensions).toEqual({ code: 'RATE_LIMITED', retryable: true });
      expect(errors[0]!.message).toContain('MAX_OPERATIONS_PER_CONNECTION');
      for (const operation of running) {
        await operation.untilCompleted();
        expect(operation.failure).toBeUndefined();
        expect(operation.results[0]?.errors).toBeUndefined();
      }
      // Once they answered, the connection runs queries again.
      const later = subscribeWs(connection, PROVIDERS);
      await later.untilCompleted();
      expect(later.failure).toBeUndefined();
    } finally {
      await gateway.control('commercelayer', 'DELETE', '/__sim/faults');
    }
  });
});

describe('MAX_SUBSCRIPTIONS_PER_PRINCIPAL', () => {
  it("refuses one caller's subscription beyond it across connections, not another caller's", async () => {
    const first = subscribeWs(client(), IMPORTS_CHANGED);
    const second = subscribeSse(gateway.url, IMPORTS_CHANGED, undefined, {
      authorization: `Bearer ${API_KEYS.reader}`,
    });
    const confirm = client();
    await subscribeWs(confirm, PROVIDERS).untilCompleted();
    // Both are open once a later operation of the same caller has been answered.
    await waitFor('two subscriptions', () => !first.completed && !second.completed);
    const third = subscribeWs(confirm, IMPORTS_CHANGED);
    await third.untilCompleted();
    const errors = third.failure as Errors;
    expect(errors[0]!.extensions).toEqual({ code: 'RATE_LIMITED', retryable: true });
    expect(errors[0]!.message).toContain('MAX_SUBSCRIPTIONS_PER_PRINCIPAL');

    const otherCaller = client(API_KEYS.writer);
    const theirs = subscribeWs(otherCaller, IMPORTS_CHANGED);
    await subscribeWs(otherCaller, PROVIDERS).untilCompleted();
    expect(theirs.completed).toBe(false);
    second.cancel();
  });
});

describe('frames before connection_init', () => {
  /** A raw graphql-transport-ws socket that sends one connection_init padded to about `bytes`. */
  async function initWith(bytes: number): Promise<{ acked: boolean; code?: number; reason?: string }> {
    const socket = new WebSocket(`${gateway.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const outcome = new Promise<{ acked: boolean; code?: number; reason?: string }>((resolve) => {
      socket.once('message', () => resolve({ acked: true }));
      socket.once('close', (code, reason) => resolve({ acked: false, code, reason: reason.toString() }));
    });
    socket.send(
      JSON.stringify({
        type: 'connection_init',
        payload: { ...bearer(API_KEYS.reader), padding: 'x'.repeat(bytes) },
      }),
    );
    const result = await outcome;
    socket.close();
    return result;
  }

  it('are at most 64 KiB: larger closes with 4400 and a reason', async () => {
    expect(await initWith(60 * 1024)).toEqual({ acked: true });
    const refused = await initWith(65 * 1024);
    expect(refused.code).toBe(4400);
    expect(refused.reason).toContain('65536 bytes');
  });

  it('and after it, messages up to MAX_BODY_BYTES are taken', async () => {
    const padded = `# ${'y'.repeat(200 * 1024)}\n{ __typename }`;
    const answer = subscribeWs<{ __typename: string }>(client(), padded);
    await answer.untilCompleted();
    expect([answer.failure, answer.data]).toEqual([undefined, [{ __typename: 'Query' }]]);
  });
});

describe('webhook bodies', () => {
  it('are refused over 1 MiB with 413, before any signature is checked', async () => {
    const answer = await rawRequest(`${gateway.url}/webhooks/commercelayer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"data":"${'z'.repeat(1024 * 1024 + 10)}"}`,
    });
    expect(answer.status).toBe(413);
  });
});

describe('with introspection off', () => {
  const MISSPELT_FIELD = '{ imprts(first: 1) { totalCount } }';
  const MISSPELT_ENUM = {
    query: 'query ($p: [ImportProvider!]) { imports(first: 1, filter: { providers: $p }) { totalCount } }',
    variables: { p: ['COMMERCE_LAYR'] },
  };

  async function overHttp(url: string, query: string, variables?: Record<string, unknown>) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEYS.reader}` },
      body: JSON.stringify({ query, variables }),
    });
    return ((await response.json()) as { errors: Errors }).errors;
  }

  it('no transport suggests a name of the schema', async () => {
    const messages: string[] = [];
    for (const [query, variables] of [
      [MISSPELT_FIELD, undefined],
      [MISSPELT_ENUM.query, MISSPELT_ENUM.variables],
    ] as const) {
      messages.push(...(await overHttp(gateway.url, query, variables)).map((error) => error.message));
      const ws = subscribeWs(client(), query, variables);
      await ws.untilCompleted();
      messages.push(...(ws.failure as Errors).map((error) => error.message));
      const sse = subscribeSse(gateway.url, query, variables, { authorization: `Bearer ${API_KEYS.reader}` });
      await sse.untilCompleted();
      messages.push(...(sse.results[0]?.errors ?? []).map((error) => error.message));
    }
    expect(messages).toHaveLength(6);
    expect(messages.filter((message) => /did you mean|imports|COMMERCE_LAYER"/i.test(message))).toEqual([]);
  });

  it('(with it on, the same requests are answered with hints)', async () => {
    const open = await gateway.startInstance({
      configure: (config) => ({ ...config, security: { ...config.security, introspection: true } }),
    });
    const errors = await overHttp(open.url, MISSPELT_ENUM.query, MISSPELT_ENUM.variables);
    expect(errors[0]!.message).toMatch(/Did you mean/);
    expect((await postGraphql(open.url, PROVIDERS)).status).toBe(401);
  });
});
