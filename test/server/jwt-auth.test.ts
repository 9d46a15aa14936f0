/**
 * JWTs as production expects them, through the gateway's real HTTP and WebSocket endpoints, with
 * the key set served over loopback HTTP: expiry, subject and algorithm required, clock tolerance,
 * and the principal identity that keeps an API key and a JWT of the same name apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../src/config.ts';
import { useGateway } from '../support/gateway.ts';
import { spawnMain } from '../support/gateway-process.ts';
import { JWT_AUDIENCE, JWT_ISSUER, JwksServer } from '../support/jwks.ts';
import { subscribeWs, wsClient } from '../support/live-clients.ts';
import { API_KEYS, apiKeyEntry } from '../support/secrets.ts';

const ALICE_KEY = API_KEYS.reader;

// The JWKS server starts before the gateway reads this environment (hooks run in order).
const env: Record<string, string> = {
  GATEWAY_API_KEYS: apiKeyEntry('alice', ALICE_KEY, 'imports:read'),
  AUTH_JWT_ISSUER: JWT_ISSUER,
  AUTH_JWT_AUDIENCE: JWT_AUDIENCE,
  PAGE_CACHE_TTL_MS: '60000',
};
let jwks: JwksServer;
beforeAll(async () => {
  jwks = await JwksServer.start();
  env.AUTH_JWKS_URL = jwks.url;
});
afterAll(() => jwks.close());

const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  env,
  gateway: { live: { activePollMs: 60_000, idlePollMs: 60_000, changePollMs: 60_000 } },
});

const PROVIDERS = '{ providers { provider } }';
const nowS = () => Math.floor(Date.now() / 1000);

async function post(url: string, query: string, token: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return { status: response.status, body, message: body.errors?.[0]?.message ?? '' };
}

/** The close code of a WebSocket whose connection_init carries `token` (undefined: it was let in). */
async function webSocketRefusal(token: string): Promise<number | undefined> {
  const client = wsClient(gateway.url, { connectionParams: { Authorization: `Bearer ${token}` } });
  try {
    const subscription = subscribeWs(client, PROVIDERS);
    await subscription.untilCompleted();
    return (subscription.failure as { code?: number } | undefined)?.code;
  } finally {
    await client.dispose();
  }
}

describe('JWTs over HTTP and WebSocket', () => {
  it('accepts RS256 and ES256 tokens (the default AUTH_JWT_ALGORITHMS)', async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const token = await jwks.sign({ alg });
      const answer = await post(gateway.url, PROVIDERS, token);
      expect([alg, answer.status, answer.body.errors]).toEqual([alg, 200, undefined]);
      expect(answer.body.data?.providers).toContainEqual({ provider: 'COMMERCE_LAYER' });
      expect(await webSocketRefusal(token)).toBeUndefined();
    }
  });

  const refused = [
    { what: 'no exp', options: { exp: null }, message: /no expiry \(exp claim\)/ },
    { what: 'no sub', options: { sub: null }, message: /names no subject \(sub claim\)/ },
    { what: 'HS256 (keyed with the public key)', options: { alg: 'HS256' }, message: /accepts RS256, ES256/ },
    { what: 'RS384 (outside the allowlist)', options: { alg: 'RS384' }, message: /accepts RS256, ES256/ },
    { what: 'PS256 (outside the allowlist)', options: { alg: 'PS256' }, message: /accepts RS256, ES256/ },
  ] as const;
  for (const { what, options, message } of refused) {
    it(`refuses a token with ${what}: 401 over HTTP, 4403 over WebSocket`, async () => {
      const token = await jwks.sign(options);
      const answer = await post(gateway.url, PROVIDERS, token);
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(answer.message).toMatch(message);
      expect(JSON.stringify(answer.body)).not.toContain(token.split('.')[1]);
      expect(await webSocketRefusal(token)).toBe(4403);
    });
  }

  it('allows AUTH_JWT_CLOCK_TOLERANCE_S (default 5 s) past exp, and no more', async () => {
    const lately = await post(gateway.url, PROVIDERS, await jwks.sign({ exp: nowS() - 3 }));
    expect(lately.status).toBe(200);
    const tooLate = await post(gateway.url, PROVIDERS, await jwks.sign({ exp: nowS() - 10 }));
    expect([tooLate.status, tooLate.message]).toEqual([401, 'The bearer token has expired.']);
    expect(await webSocketRefusal(await jwks.sign({ exp: nowS() - 10 }))).toBe(4403);
  });

  it('follows AUTH_JWT_ALGORITHMS when set', async () => {
    const instance = await gateway.startInstance({ configure: withAlgorithms(['RS384']) });
    try {
      expect((await post(instance.url, PROVIDERS, await jwks.sign({ alg: 'RS384' }))).status).toBe(200);
      const rs256 = await post(instance.url, PROVIDERS, await jwks.sign({ alg: 'RS256' }));
      expect([rs256.status, rs256.message]).toEqual([
        401,
        'The bearer token is signed with an algorithm this gateway does not accept; it accepts RS384.',
      ]);
    } finally {
      await instance.close();
    }
  });
});

function withAlgorithms(algorithms: ['RS384']) {
  return (config: GatewayConfig): GatewayConfig => {
    const { auth } = config.security;
    return {
      ...config,
      security: { ...config.security, auth: { ...auth, jwt: { ...auth.jwt!, algorithms } } },
    };
  };
}

describe('principal identity', () => {
  const PAGE = `query ($after: String) {
    imports(first: 2, after: $after, filter: { providers: [COMMERCE_LAYER] }) { pageInfo { endCursor } }
  }`;
  const endCursorOf = (answer: Awaited<ReturnType<typeof post>>) =>
    (answer.body.data as { imports: { pageInfo: { endCursor: string } } }).imports.pageInfo.endCursor;
  const vendorLists = async () => (await gateway.stats()).commercelayer['GET /api/imports'] ?? 0;

  it('keeps an API key named alice and a JWT whose sub is alice apart in the page cache', async () => {
    const aliceJwt = await jwks.sign({ sub: 'alice', scope: 'imports:read' });
    const first = await post(gateway.url, PAGE, ALICE_KEY);
    expect(first.status).toBe(200);
    const after = endCursorOf(first);

    // The same caller's next page comes from what the first one fetched past its end...
    await gateway.resetStats();
    expect((await post(gateway.url, PAGE, ALICE_KEY, { after })).status).toBe(200);
    expect(await vendorLists()).toBe(0);

    // ...but the JWT is someone else, whatever its sub: its page asks the vendor.
    await gateway.resetStats();
    const other = await post(gateway.url, PAGE, aliceJwt, { after });
    expect(other.status).toBe(200);
    expect(await vendorLists()).toBe(1);
  });
});

describe('NODE_ENV=production', () => {
  it('refuses to start src/main.ts with a JWKS but no issuer and audience', async () => {
    const outcome = await spawnMain({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      AUTH_JWKS_URL: jwks.url,
    }).then(
      // A gateway that started anyway must not outlive the test.
      async (started) => {
        await started.kill();
        return 'it started';
      },
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/exited with 2: [^]*requires AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE/);
  });
});
