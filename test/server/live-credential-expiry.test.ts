/**
 * A live connection lasts no longer than its credential: a WebSocket authenticated with a JWT is
 * closed with 4403 when the token expires, an SSE stream ends with an UNAUTHENTICATED event, and
 * an operation checked after the expiry is refused; API keys do not expire. Short-lived tokens
 * from the JWKS harness, with AUTH_JWT_CLOCK_TOLERANCE_S=0; every wait polls, nothing is timed.
 */
import { OperationTypeNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/principal.ts';
import { scopeRefusal } from '../../src/server/operation/scope-check.ts';
import { useGateway } from '../support/gateway.ts';
import { JWT_AUDIENCE, JWT_ISSUER, JwksServer } from '../support/jwks.ts';
import { IMPORTS_CHANGED, subscribeSse, subscribeWs, wsClient } from '../support/live-clients.ts';
import { API_KEYS, apiKeyEntry } from '../support/secrets.ts';

const env: Record<string, string> = {
  GATEWAY_API_KEYS: apiKeyEntry('reader', API_KEYS.reader, 'imports:read'),
  AUTH_JWT_ISSUER: JWT_ISSUER,
  AUTH_JWT_AUDIENCE: JWT_AUDIENCE,
  AUTH_JWT_CLOCK_TOLERANCE_S: '0',
};
let jwks: JwksServer;
beforeAll(async () => {
  jwks = await JwksServer.start();
  env.AUTH_JWKS_URL = jwks.url;
});
afterAll(() => jwks.close());

const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 3,
  env,
  gateway: { live: { activePollMs: 60_000, idlePollMs: 60_000, changePollMs: 60_000 } },
});

const PROVIDERS = '{ providers { provider } }';
/** A token that expires a few seconds from now: long enough to connect, short enough to wait for. */
const shortLived = () => jwks.sign({ exp: Math.floor(Date.now() / 1000) + 4 });
const clients: ReturnType<typeof wsClient>[] = [];
afterAll(async () => {
  for (const client of clients) await client.dispose();
});
function client(token: string) {
  const created = wsClient(gateway.url, { connectionParams: { Authorization: `Bearer ${token}` } });
  clients.push(created);
  return created;
}

describe('a live connection authenticated with a JWT', () => {
  it('is closed with 4403 when the token expires, while one with an API key stays open', async () => {
    const [jwtClient, keyClient] = [client(await shortLived()), client(API_KEYS.reader)];
    for (const connected of [jwtClient, keyClient]) {
      const answer = subscribeWs<{ providers: unknown[] }>(connected, PROVIDERS);
      await answer.untilCompleted();
      expect(answer.data[0]?.providers.length).toBeGreaterThan(0);
    }
    const expiring = subscribeWs(jwtClient, IMPORTS_CHANGED);
    const lasting = subscribeWs(keyClient, IMPORTS_CHANGED);
    await expiring.untilCompleted(15_000);
    const { code, reason } = expiring.failure as { code: number; reason: string };
    expect([code, reason]).toEqual([4403, 'The bearer token has expired; connect again with a new one.']);

    // The API key's connection still answers, and its subscription still runs.
    const after = subscribeWs<{ providers: unknown[] }>(keyClient, PROVIDERS);
    await after.untilCompleted();
    expect(after.data[0]?.providers.length).toBeGreaterThan(0);
    expect(lasting.completed).toBe(false);
  });

  it('ends an SSE stream with an UNAUTHENTICATED event when the token expires', async () => {
    const token = await shortLived();
    const stream = subscribeSse(gateway.url, IMPORTS_CHANGED, undefined, {
      authorization: `Bearer ${token}`,
    });
    await stream.untilCompleted(15_000);
    expect(stream.failure).toBeUndefined();
    expect(stream.results.at(-1)?.errors).toEqual([
      {
        message: 'The bearer token has expired; connect again with a new one.',
        extensions: { code: 'UNAUTHENTICATED', retryable: false },
      },
    ]);
  });
});

describe('the scope check of every transport', () => {
  const principal = (expiresAt?: number): Principal => ({
    id: 'jwt:test:someone',
    name: 'JWT subject someone',
    scopes: new Set(['imports:read', 'imports:write']),
    expiresAt,
  });

  it('refuses an operation once the credential expired, with UNAUTHENTICATED', () => {
    const refusal = scopeRefusal(principal(Date.now() - 1), OperationTypeNode.QUERY);
    expect(refusal?.extensions.code).toBe('UNAUTHENTICATED');
    expect(refusal?.message).toMatch(/expired/);
  });

  it('lets it run before the expiry, and always for a credential that does not expire', () => {
    expect(scopeRefusal(principal(Date.now() + 60_000), OperationTypeNode.MUTATION)).toBeUndefined();
    expect(scopeRefusal(principal(undefined), OperationTypeNode.SUBSCRIPTION)).toBeUndefined();
  });
});
