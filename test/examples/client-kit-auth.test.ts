import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createImportsClient, type ImportsClient } from '../../examples/client/client.ts';
import { ImportsPageDocument } from '../../examples/client/generated/graphql.ts';
import { followImportsChanged, type ImportChange } from '../../examples/client/live.ts';
import { SocketClosedError } from '../../examples/client/subscription-link.ts';
import { useGateway } from '../support/gateway.ts';
import { Subscription } from '../support/live-clients.ts';
import { API_KEYS, apiKeyEntry } from '../support/secrets.ts';
import { untilLive } from '../integration/resume.ts';

/**
 * The example client kit on a gateway that authenticates: its headers read afresh for each request
 * and each connection, and a socket the gateway refuses (4403) reported once, not retried.
 */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 3,
  env: { GATEWAY_API_KEYS: apiKeyEntry('reader', API_KEYS.reader, 'imports:read') },
  gateway: { live: { activePollMs: 30, idlePollMs: 120, changePollMs: 40 } },
});

/** The app's current credential: a key this gateway does not know, until the test changes it. */
let apiKey: string = API_KEYS.alice;
let headerReads = 0;
let kit: ImportsClient | undefined;
afterAll(async () => {
  await kit?.dispose();
});

describe('the example client kit with a credential that changes', () => {
  it('reads its headers for each request and connection, and ends a follower the gateway refuses instead of retrying it', async () => {
    kit = createImportsClient({
      url: gateway.url,
      webSocketImpl: WebSocket,
      headers: () => {
        headerReads++;
        return { Authorization: `Bearer ${apiKey}` };
      },
    });
    const refusedList = await kit.apollo.query({ query: ImportsPageDocument, fetchPolicy: 'network-only' });
    expect(refusedList.data).toBeUndefined();
    expect(refusedList.error).toBeDefined();

    let waits = 0;
    const ended = new Subscription<ImportChange>();
    const refused = followImportsChanged(kit.apollo, {
      onChange: (change) => ended.next({ data: change }),
      onError: (error) => ended.end(error),
      waitBeforeRetry: () => {
        waits++;
        return Promise.resolve();
      },
    });
    await ended.untilCompleted();
    expect(ended.failure).toBeInstanceOf(SocketClosedError);
    expect(ended.failure).toMatchObject({ code: 4403, final: true });
    expect([refused.subscriptions, waits]).toEqual([1, 0]);
    refused.stop();

    // A new credential: the next request and the next connection send it.
    apiKey = API_KEYS.reader;
    const readsBefore = headerReads;
    const list = await kit.apollo.query({ query: ImportsPageDocument, fetchPolicy: 'network-only' });
    expect(list.error).toBeUndefined();
    expect(list.data?.imports.edges.length).toBeGreaterThan(0);
    const changes = new Subscription<ImportChange>();
    const follower = followImportsChanged(kit.apollo, {
      onChange: (change) => changes.next({ data: change }),
      onError: (error) => changes.end(error),
    });
    await untilLive(gateway, changes);
    expect(changes.failure).toBeUndefined();
    expect(headerReads - readsBefore).toBe(2); // the query, the connection
    follower.stop();
  });

  it('retries a lost socket, a shutdown, a full gateway, a slow reader and graphql-ws terminate(), not a refusal', () => {
    const final = (code: number) => new SocketClosedError(code).final;
    expect([1006, 1001, 1013, 1008, 4499, 4500].map(final)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect([4400, 4401, 4403, 4408, 4409, 4429].map(final)).toEqual([true, true, true, true, true, true]);
  });
});
