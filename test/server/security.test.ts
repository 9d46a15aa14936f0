import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const READ_KEY = 'test-read-key-8c1f';
const WRITE_KEY = 'test-write-key-77aa';

// The JWKS server starts before the gateway reads this environment (hooks run in order).
const env: Record<string, string> = {
  GATEWAY_API_KEYS: `reader:${sha256(READ_KEY)}:imports:read,writer:${sha256(WRITE_KEY)}:imports:read+imports:write`,
  AUTH_JWT_ISSUER: 'https://issuer.test',
  AUTH_JWT_AUDIENCE: 'import-gateway',
  MAX_QUERY_DEPTH: '6',
  MAX_QUERY_ALIASES: '5',
  MAX_QUERY_TOKENS: '400',
  CORS_ORIGINS: 'https://app.example.com',
};
let jwks: Server;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;
beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  env.AUTH_JWKS_URL = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
});
afterAll(() => jwks.close());

const gateway = useGateway({ imports: 5, env });

const jwt = (key: CryptoKey, scope: string, expiresAt: string | number = '5m') =>
  new SignJWT({ scope })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject('user-1')
    .setIssuer('https://issuer.test')
    .setAudience('import-gateway')
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key);

interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

async function post(
  query: string,
  headers: Record<string, string> = {},
  variables?: unknown,
): Promise<Answer> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer['body'],
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;
const PROVIDERS = '{ providers { provider } }';
const CREATE_SKUS = `mutation { createImport(input: { provider: COMMERCE_LAYER, resourceType: "skus",
  inputs: [{ code: "A", name: "a" }] }) { imports { id } userErrors { code } } }`;

/** Vendor requests since the last reset, all simulators together. */
async function vendorRequests(): Promise<number> {
  const stats = await gateway.stats();
  return Object.values(stats).reduce(
    (sum, requests) => sum + Object.values(requests).reduce((a, b) => a + b, 0),
    0,
  );
}

describe('authentication over HTTP', () => {
  it('refuses a request with no credential, or a wrong one, with 401 before any vendor call', async () => {
    await gateway.resetStats();
    for (const headers of [{}, bearer('not-a-key'), { authorization: `Basic ${READ_KEY}` }]) {
      const answer = await post('{ imports { totalCount } }', headers);
      expect(answer.status).toBe(401);
      expect(codeOf(answer)).toBe('UNAUTHENTICATED');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(JSON.stringify(answer.body)).not.toContain('not-a-key');
    }
    expect(await vendorRequests()).toBe(0);
  });

  it('lets a read key query but not mutate (FORBIDDEN, nothing sent to the vendor)', async () => {
    expect((await post(PROVIDERS, bearer(READ_KEY))).body.data).toEqual({
      providers: [{ provider: 'FLEETIO' }, { provider: 'SAILPOINT' }, { provider: 'COMMERCE_LAYER' }],
    });
    await gateway.resetStats();
    const refused = await post(CREATE_SKUS, bearer(READ_KEY));
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.body.errors?.[0]?.message).toMatch(/reader.*imports:write/);
    expect(refused.body.data ?? null).toBeNull();
    expect(await vendorRequests()).toBe(0);
  });

  it('lets a write key mutate', async () => {
    const created = await post(CREATE_SKUS, bearer(WRITE_KEY));
    expect(created.body.errors).toBeUndefined();
    const payload = (created.body.data as { createImport: { imports: unknown[]; userErrors: unknown[] } })
      .createImport;
    expect(payload.userErrors).toEqual([]);
    expect(payload.imports).toHaveLength(1);
  });

  it('accepts a JWT signed by the JWKS, with the scopes of its claim', async () => {
    const reader = await jwt(signingKey, 'imports:read');
    expect((await post(PROVIDERS, bearer(reader))).status).toBe(200);
    expect(codeOf(await post(CREATE_SKUS, bearer(reader)))).toBe('FORBIDDEN');
  });

  it('refuses a forged or expired JWT with 401', async () => {
    const forged = await jwt(strangerKey, 'imports:read imports:write');
    const expired = await jwt(signingKey, 'imports:read', Math.floor(Date.now() / 1000) - 120);
    const forgedAnswer = await post(PROVIDERS, bearer(forged));
    expect([forgedAnswer.status, codeOf(forgedAnswer)]).toEqual([401, 'UNAUTHENTICATED']);
    const expiredAnswer = await post(PROVIDERS, bearer(expired));
    expect([expiredAnswer.status, codeOf(expiredAnswer)]).toEqual([401, 'UNAUTHENTICATED']);
    expect(expiredAnswer.body.errors?.[0]?.message).toMatch(/expired/);
  });

  it('closes a WebSocket whose connection_init carries no valid credential with 4403', async () => {
    for (const payload of [{}, { Authorization: 'Bearer not-a-key' }]) {
      const socket = new WebSocket(`${gateway.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init', payload }));
      const code = await new Promise<number>((resolve) => socket.once('close', resolve));
      expect(code).toBe(4403);
    }
  });

  it('acknowledges a WebSocket whose connection_init carries a valid key', async () => {
    const socket = new WebSocket(`${gateway.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${READ_KEY}` } }),
    );
    const message = await new Promise<string>((resolve) =>
      socket.once('message', (data: Buffer) => resolve(data.toString())),
    );
    expect(JSON.parse(message)).toEqual({ type: 'connection_ack' });
    socket.close();
  });

  it('refuses an SSE stream without a credential with 401', async () => {
    const response = await fetch(`${gateway.url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { importsChanged { kind } }' }),
    });
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });
});

describe('document limits, before any vendor call', () => {
  const deep = '{ imports { edges { node { messages { edges { node { text } } } } } } }';
  const costly =
    '{ imports(first: 100) { edges { node { id messages(first: 100) { nodes { text code severity subject } } } } } }';
  const aliases = `{ ${Array.from({ length: 6 }, (_, index) => `p${index}: providers { provider }`).join(' ')} }`;
  const long = `{ providers { ${Array.from({ length: 400 }, () => 'provider').join(' ')} } }`;

  it.each([
    ['deeper than MAX_QUERY_DEPTH', deep, /depth limit of 6/i],
    ['costlier than MAX_QUERY_COST', costly, /cost .* above the limit of 20000/],
    ['with more aliases than MAX_QUERY_ALIASES', aliases, /aliases limit of 5/i],
    ['longer than MAX_QUERY_TOKENS', long, /more than 400 tokens \(MAX_QUERY_TOKENS\)/],
  ])('refuses a document %s', async (_name, query, message) => {
    await gateway.resetStats();
    const answer = await post(query, bearer(READ_KEY));
    expect(answer.status).toBe(400);
    expect(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']).toContain(codeOf(answer));
    expect(answer.body.errors?.map((error) => error.message).join(' ')).toMatch(message);
    expect(await vendorRequests()).toBe(0);
  });

  it('applies the same limits to operations over WebSocket', async () => {
    const socket = new WebSocket(`${gateway.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const messages: { type: string; payload?: { message: string }[] }[] = [];
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as never));
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${READ_KEY}` } }),
    );
    await expect.poll(() => messages.some((message) => message.type === 'connection_ack')).toBe(true);
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: aliases } }));
    await expect.poll(() => messages.find((message) => message.type === 'error')).toBeDefined();
    expect(messages.find((message) => message.type === 'error')?.payload?.[0]?.message).toMatch(
      /aliases limit of 5/i,
    );
    socket.close();
  });
});

describe('cross-site requests', () => {
  it('refuses a cross-site form POST (CSRF prevention) without running it', async () => {
    await gateway.resetStats();
    for (const contentType of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
    ]) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': contentType, origin: 'https://evil.example', ...bearer(WRITE_KEY) },
        body: `query=${encodeURIComponent(CREATE_SKUS)}`,
      });
      expect(response.status).toBe(400);
      expect(await response.text()).not.toMatch(/"data"\s*:\s*\{/);
    }
    expect(await vendorRequests()).toBe(0);
  });

  it('answers the preflight of an allowed origin, and names the refused origin otherwise', async () => {
    const preflight = (origin: string) =>
      fetch(`${gateway.url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(await refused.text()).toContain('https://evil.example');
  });

  it('puts CORS headers on answers to allowed origins only', async () => {
    const answer = await post(PROVIDERS, { ...bearer(READ_KEY), origin: 'https://app.example.com' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-request-id');
    const other = await post(PROVIDERS, { ...bearer(READ_KEY), origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
