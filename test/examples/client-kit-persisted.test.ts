import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServerError } from '@apollo/client';
import { parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createImportsClient, type ImportsClient } from '../../examples/client/client.ts';
import { CreateImportDocument } from '../../examples/client/generated/graphql.ts';
import { loadMore, watchImports } from '../../examples/client/list.ts';
import { followImportsChanged, type ImportChange } from '../../examples/client/live.ts';
import { useGateway } from '../support/gateway.ts';
import { Subscription } from '../support/live-clients.ts';
import { waitFor } from '../support/wait.ts';
import { untilLive } from '../integration/resume.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const EXAMPLES_MANIFEST = fileURLToPath(
  new URL('../../examples/client/generated/persisted-documents.json', import.meta.url),
);
const registered = new Set(
  Object.keys(JSON.parse(readFileSync(EXAMPLES_MANIFEST, 'utf8')) as Record<string, string>).map((id) =>
    id.replace(/^sha256:/, ''),
  ),
);
/** Another application's manifest, in Apollo's format, served by the same gateway. */
const providersQuery = 'query Providers { providers { provider enabled } }';
const otherManifest = join(mkdtempSync(join(tmpdir(), 'persisted-')), 'other-app.json');
writeFileSync(
  otherManifest,
  JSON.stringify({
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [{ id: sha256(providersQuery), name: 'Providers', type: 'query', body: providersQuery }],
  }),
);

const gateway = useGateway({
  imports: 8,
  env: { PERSISTED_OPERATIONS: `${EXAMPLES_MANIFEST},${otherManifest}` },
  gateway: { live: { activePollMs: 30, idlePollMs: 120, changePollMs: 40 } },
});

/** Every HTTP body and WebSocket message the kit sent. */
const bodies: Record<string, unknown>[] = [];
const messages: { type: string; payload?: { query?: string; extensions?: unknown } }[] = [];
class RecordingWebSocket extends WebSocket {
  override send(data: unknown, ...rest: unknown[]): void {
    messages.push(JSON.parse(String(data)) as (typeof messages)[number]);
    (super.send as (...args: unknown[]) => void)(data, ...rest);
  }
}
const recordingFetch: typeof fetch = (input, init) => {
  // HttpLink sends POST bodies as JSON text.
  bodies.push(JSON.parse(init?.body as string) as Record<string, unknown>);
  return fetch(input, init);
};

let client: ImportsClient | undefined;
afterAll(async () => {
  await client?.dispose();
});

const hashOf = (extensions: unknown) =>
  (extensions as { persistedQuery?: { sha256Hash?: string } } | undefined)?.persistedQuery?.sha256Hash;

describe('the example client kit with persisted documents only', () => {
  it('runs on a gateway given its manifest and another one, sending only hashes', async () => {
    client = createImportsClient({
      url: gateway.url,
      persistedDocuments: true,
      webSocketImpl: RecordingWebSocket,
      fetch: recordingFetch,
    });
    const list = watchImports(client.apollo, { first: 5 });
    list.subscribe(() => undefined);
    await waitFor('the first page', () => list.getCurrentResult().data?.imports?.edges?.length === 5);
    expect(await loadMore(list)).toBe(true);
    const shown = list.getCurrentResult();
    expect(shown.error).toBeUndefined();
    expect(shown.data?.imports?.edges).toHaveLength(10);
    expect(shown.data?.imports?.sources?.map((source) => source?.state)).toEqual(['OK', 'OK', 'OK']);

    const created = await client.apollo.mutate({
      mutation: CreateImportDocument,
      variables: {
        input: {
          provider: 'COMMERCE_LAYER',
          resourceType: 'skus',
          inputs: [{ code: `PERSISTED-${randomUUID()}`, name: 'ok' }],
          idempotencyKey: randomUUID(),
        },
      },
    });
    expect(created.error).toBeUndefined();
    expect(created.data?.createImport.imports[0]?.status).toBe('PENDING');

    const changes = new Subscription<ImportChange>();
    const follower = followImportsChanged(client.apollo, {
      onChange: (change) => changes.next({ data: change }),
      onError: (error) => changes.end(error),
    });
    await untilLive(gateway, changes);
    follower.stop();

    expect(bodies.length).toBeGreaterThanOrEqual(3);
    for (const body of bodies) {
      expect(body).not.toHaveProperty('query');
      expect(registered).toContain(hashOf(body.extensions));
    }
    const subscribes = messages.filter((message) => message.type === 'subscribe');
    expect(subscribes.length).toBeGreaterThan(0);
    for (const message of subscribes) {
      expect(message.payload?.query).toBe('');
      expect(registered).toContain(hashOf(message.payload?.extensions));
    }
    // The other manifest's operation runs on the same gateway.
    const other = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(providersQuery) } },
      }),
    });
    expect(((await other.json()) as { data?: { providers: unknown[] } }).data?.providers).toHaveLength(3);
  });

  it('is refused a document no manifest lists, and does not send its text instead', async () => {
    const text = 'query Unlisted { providers { provider } }';
    const unlisted = Object.assign(parse(text), { __meta__: { hash: `sha256:${sha256(text)}` } });
    const sent = bodies.length;
    const answer = await client!.apollo.query({ query: unlisted, fetchPolicy: 'network-only' });
    expect(answer.data).toBeUndefined();
    // The refusal is a 400 in application/json, whose body a client following GraphQL over HTTP
    // does not read as a GraphQL response: Apollo reports a ServerError with the body as text.
    const error = answer.error;
    expect(ServerError.is(error) && error.statusCode).toBe(400);
    expect(JSON.parse((error as ServerError).bodyText)).toMatchObject({
      errors: [
        {
          message: expect.stringMatching(/No persisted operation has the id/) as unknown,
          extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
        },
      ],
    });
    expect(bodies.slice(sent)).toHaveLength(1);
    expect(bodies[sent]).not.toHaveProperty('query');
  });
});
