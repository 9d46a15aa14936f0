import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/server/auth/authenticate.ts';
import { readAuthSettings } from '../../src/auth-settings.ts';
import { connectionAuthorizer } from '../../src/server/auth/connection-auth.ts';
import { useGateway } from '../support/gateway.ts';
import {
  addCommerceLayerImport,
  IMPORT_UPDATED,
  subscribeSse,
  subscribeWs,
  wsClient,
  type ImportView,
} from '../support/live-clients.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const problems: string[] = [];
const settings = readAuthSettings(
  {
    GATEWAY_API_KEYS: `reader:${sha256('read-key')}:imports:read,writer:${sha256('write-key')}:imports:read+imports:write`,
  },
  false,
  problems,
);

/** Live connections authenticated like HTTP (the HTTP side is wired separately). */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  gateway: {
    authorize: connectionAuthorizer(createAuthenticator(settings)),
    live: { activePollMs: 60_000, idlePollMs: 60_000, changePollMs: 60_000 },
  },
});

const clients: ReturnType<typeof wsClient>[] = [];
afterAll(async () => {
  for (const client of clients) await client.dispose();
});
function client(connectionParams?: Record<string, unknown>) {
  const created = wsClient(gateway.url, { connectionParams });
  clients.push(created);
  return created;
}

const DELETE = `mutation ($id: ID!) { deleteImport(input: { id: $id }) { deletedId userErrors { code } } }`;
const TRACK = `mutation { trackImport(input: { provider: COMMERCE_LAYER, providerId: "x" }) { userErrors { code } } }`;

async function stillThere(providerId: string): Promise<boolean> {
  const all = await gateway.control<{ id: string }[]>('commercelayer', 'GET', '/__sim/imports');
  return all.some((resource) => resource.id === providerId);
}

describe('WebSocket connections', () => {
  it('parse the keys', () => expect(problems).toEqual([]));

  it('are closed with 4403 for a wrong key or none', async () => {
    for (const params of [{ Authorization: 'Bearer not-a-key' }, undefined, { Authorization: 42 }]) {
      const subscription = subscribeWs(client(params), '{ providers { provider } }');
      await subscription.untilCompleted();
      expect((subscription.failure as { code?: number }).code).toBe(4403);
    }
  });

  it('with a read key (header name in any case) may subscribe, but a mutation is FORBIDDEN', async () => {
    const { id, providerId } = await addCommerceLayerImport(gateway, 5);
    const reader = client({ authorization: 'Bearer read-key' });
    const updates = subscribeWs<{ importUpdated: ImportView }>(reader, IMPORT_UPDATED, { id });
    await updates.until((s) => s.results.length === 1);
    expect(updates.data[0]!.importUpdated.status).toBe('PENDING');

    const deletion = subscribeWs(reader, DELETE, { id });
    await deletion.untilCompleted();
    const errors = deletion.failure as { message: string; extensions: Record<string, unknown> }[];
    expect(errors[0]!.extensions).toEqual({ code: 'FORBIDDEN', retryable: false });
    expect(errors[0]!.message).toContain('imports:write');
    expect(await stillThere(providerId)).toBe(true);
    expect(updates.completed).toBe(false);
  });

  it('with a write key may run mutations', async () => {
    const writer = client({ Authorization: 'Bearer write-key' });
    const tracking = subscribeWs<{ trackImport: { userErrors: { code: string }[] } }>(writer, TRACK);
    await tracking.untilCompleted();
    // Commerce Layer has no TRACK: the mutation ran and said so.
    expect(tracking.data[0]!.trackImport.userErrors).toEqual([{ code: 'UNSUPPORTED_OPERATION' }]);
  });
});

describe('SSE requests', () => {
  const post = (body: unknown, authorization?: string) =>
    fetch(`${gateway.url}/graphql/stream`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(authorization ? { authorization } : {}),
      },
      body: JSON.stringify(body),
    });

  it('without valid credentials are 401 UNAUTHENTICATED', async () => {
    for (const authorization of [undefined, 'Bearer not-a-key']) {
      const response = await post({ query: '{ providers { provider } }' }, authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });

  it('with a read key stream a subscription, but a mutation is FORBIDDEN', async () => {
    const { id, providerId } = await addCommerceLayerImport(gateway, 5);
    const updates = subscribeSse<{ importUpdated: ImportView }>(
      gateway.url,
      IMPORT_UPDATED,
      { id },
      { authorization: 'Bearer read-key' },
    );
    await updates.until((s) => s.results.length === 1);
    expect(updates.data[0]!.importUpdated.providerId).toBe(providerId);
    updates.cancel();

    const text = await (await post({ query: DELETE, variables: { id } }, 'Bearer read-key')).text();
    expect(text).toMatch(/^event: next\ndata: .*"FORBIDDEN".*\n\nevent: complete\n/m);
    expect(await stillThere(providerId)).toBe(true);
  });
});
