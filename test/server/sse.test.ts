import { createClient } from 'graphql-sse';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUBSCRIPTION_SETTINGS } from '../../src/server/streaming/subscription-limits.ts';
import { useGateway } from '../support/gateway.ts';
import {
  addCommerceLayerImport,
  IMPORT_UPDATED,
  IMPORTS_CHANGED,
  subscribeSse,
} from '../support/live-clients.ts';
/** GraphQL over SSE as curl and the graphql-sse client speak it; slow clients: slow-clients.test.ts. */
const gateway = useGateway({ providers: ['commercelayer'], imports: 5 });

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

/** POSTs one operation to /graphql/stream as curl would, and reads the whole (finite) stream. */
async function stream(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.url}/graphql/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const events = [...text.matchAll(/event: (\w+)\ndata: ?(.*)\n/g)].map(([, event, data]) => ({
    event,
    data: data ? (JSON.parse(data) as Record<string, unknown>) : null,
  }));
  return { status: response.status, text, events };
}

describe('request errors over SSE', () => {
  it('are an error event with the operation code, then complete, not a bare 400', async () => {
    const invalid = await stream({ query: 'subscription { importsChanged { nope } }' });
    expect(invalid.status).toBe(200);
    expect(invalid.events.map(({ event }) => event)).toEqual(['next', 'complete']);
    expect(invalid.events[0]!.data).not.toHaveProperty('data');
    expect(invalid.events[0]!.data).toMatchObject({
      errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
    });

    const badVariables = await stream({ query: IMPORT_UPDATED, variables: {} });
    expect(badVariables.events[0]!.data).toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT' } }],
    });

    const unparsable = await stream({ query: 'subscription {' });
    expect(unparsable.events[0]!.data).toMatchObject({
      errors: [{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }],
    });
  });

  it('reach a graphql-sse client as an error result, with the code', async () => {
    const subscription = subscribeSse(gateway.url, IMPORTS_CHANGED, { filter: { statuses: ['NOPE'] } });
    await subscription.untilCompleted();
    expect(subscription.failure).toBeUndefined();
    expect(subscription.results[0]?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answer RATE_LIMITED over the instance cap (MAX_SUBSCRIPTIONS), and the stream that holds it stays', async () => {
    const instance = await gateway.startInstance({
      configure: (config) => ({
        ...config,
        subscriptions: { ...DEFAULT_SUBSCRIPTION_SETTINGS, maxPerInstance: 1 },
      }),
    });
    const { id } = await addCommerceLayerImport(gateway, 5);
    const holder = subscribeSse(instance.url, IMPORT_UPDATED, { id });
    cleanups.push(() => holder.cancel());
    await holder.until((s) => s.results.length === 1);
    const refused = await (async () => {
      const response = await fetch(`${instance.url}/graphql/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: IMPORTS_CHANGED }),
      });
      return response.text();
    })();
    expect(refused).toMatch(/^event: next\ndata: .*"RATE_LIMITED".*\n\nevent: complete\n/m);
    expect(holder.completed).toBe(false);
    expect(holder.results[0]!.errors).toBeUndefined();
  });
});

describe("graphql-sse's single connection mode", () => {
  it('is refused with a clear error: only distinct connections are served', async () => {
    const reservation = await fetch(`${gateway.url}/graphql/stream`, { method: 'PUT' });
    expect(reservation.status).toBe(405);
    expect(reservation.headers.get('allow')).toBe('GET, POST');
    const body = (await reservation.json()) as { errors: { message: string }[] };
    expect(body.errors[0]!.message).toMatch(/distinct connections mode/);

    const withToken = await stream({ query: IMPORTS_CHANGED }, { 'x-graphql-event-stream-token': 'abc' });
    expect(withToken.status).toBe(400);
    expect(withToken.text).toMatch(/single connection mode .*is not supported/);

    // The library's own client in that mode fails at once instead of waiting on a stream.
    const client = createClient({
      url: `${gateway.url}/graphql/stream`,
      singleConnection: true,
      retryAttempts: 0,
    });
    cleanups.push(() => client.dispose());
    const failure = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: IMPORTS_CHANGED },
        { next: () => undefined, error: resolve, complete: () => resolve(undefined) },
      );
    });
    expect(String(failure)).toMatch(/405/);
  });

  it('still lets the distinct connections mode stream a query, which then completes', async () => {
    const answer = await stream({ query: '{ providers { provider enabled } }' });
    expect(answer.events.map(({ event }) => event)).toEqual(['next', 'complete']);
    const providers = (answer.events[0]!.data as { data: { providers: unknown[] } }).data.providers;
    expect(providers).toContainEqual({ provider: 'COMMERCE_LAYER', enabled: true });
  });
});
