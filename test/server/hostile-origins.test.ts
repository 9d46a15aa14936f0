/**
 * Pages of other origins, and pages whose name was rebound to the gateway's address (DNS
 * rebinding), over real HTTP: the WebSocket upgrade checks `Origin`, SSE takes only JSON bodies
 * (not a CORS-simple type carrying "application/json" in a parameter), an open gateway and the
 * playground answer only to the host names they are meant to be reached by, and the playground
 * carries a strict Content-Security-Policy.
 */
import { describe, expect, it } from 'vitest';
import { readAuthSettings } from '../../src/auth-settings.ts';
import { useGateway } from '../support/gateway.ts';
import { rawRequest, upgradeAnswer, type RawAnswer } from '../support/raw-http.ts';
import { API_KEYS, apiKeyEntry } from '../support/secrets.ts';

const APP = 'https://app.example.com';
/** Open (no credential configured), as the demo and ALLOW_UNAUTHENTICATED=1 run. */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 3,
  env: { CORS_ORIGINS: APP, ALLOWED_HOSTS: 'gateway.example.com,.internal.example' },
});

const QUERY = JSON.stringify({ query: '{ providers { provider } }' });
const port = () => new URL(gateway.url).port;
const codeOf = (answer: RawAnswer) =>
  (JSON.parse(answer.text) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;

function post(path: string, headers: Record<string, string>) {
  return rawRequest(`${gateway.url}${path}`, { method: 'POST', headers, body: QUERY });
}

describe('the WebSocket upgrade', () => {
  it("refuses a page of another origin with 403, and lets in the gateway's own and CORS_ORIGINS", async () => {
    const refused = await upgradeAnswer(`${gateway.url}/graphql`, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.text).toContain('CORS_ORIGINS');
    for (const origin of [APP, gateway.url, undefined]) {
      const answer = await upgradeAnswer(`${gateway.url}/graphql`, origin ? { origin } : {});
      expect([origin, answer.status]).toEqual([origin, 101]);
    }
  });
});

describe('SSE bodies', () => {
  it('are refused unless their media type is application/json', async () => {
    const stream = { accept: 'text/event-stream' };
    for (const type of [
      'text/plain; x=application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
    ]) {
      const answer = await post('/graphql/stream', { ...stream, 'content-type': type });
      expect([type, answer.status]).toEqual([type, 415]);
    }
    const json = await post('/graphql/stream', {
      ...stream,
      'content-type': 'Application/JSON; charset=utf-8',
    });
    expect(json.status).toBe(200);
    expect(json.text).toContain('COMMERCE_LAYER');
  });
});

describe('host names (DNS rebinding)', () => {
  const json = { 'content-type': 'application/json' };

  it('are refused by an open gateway on HTTP, SSE and the WebSocket upgrade', async () => {
    const host = `evil.example:${port()}`;
    const overHttp = await post('/graphql', { ...json, host });
    expect(overHttp.status).toBe(403);
    expect(overHttp.text).toContain('ALLOWED_HOSTS');
    const overSse = await post('/graphql/stream', { ...json, accept: 'text/event-stream', host });
    expect(overSse.status).toBe(403);
    // To the rebound page, the gateway is its own origin.
    const upgrade = await upgradeAnswer(`${gateway.url}/graphql`, { host, origin: `http://${host}` });
    expect(upgrade.status).toBe(403);
  });

  it('are answered for loopback names, IP addresses, HOST and ALLOWED_HOSTS', async () => {
    for (const name of [
      'localhost',
      '127.0.0.1',
      'gateway.example.com',
      'api.internal.example',
      '10.1.2.3',
    ]) {
      const answer = await post('/graphql', { ...json, host: `${name}:${port()}` });
      expect([name, answer.status]).toEqual([name, 200]);
    }
    const health = await rawRequest(`${gateway.url}/healthz`, { headers: { host: 'evil.example' } });
    expect(health.status).toBe(200);
  });

  it('are refused for the playground even when the API needs a credential', async () => {
    const problems: string[] = [];
    const auth = readAuthSettings(
      { GATEWAY_API_KEYS: apiKeyEntry('r', API_KEYS.reader, 'imports:read') },
      false,
      problems,
    );
    const guarded = await gateway.startInstance({
      configure: (config) => ({ ...config, security: { ...config.security, auth, playground: true } }),
    });
    const page = (host: string) =>
      rawRequest(`${guarded.url}/graphql`, { headers: { accept: 'text/html', host } });
    const guardedPort = new URL(guarded.url).port;
    expect((await page(`evil.example:${guardedPort}`)).status).toBe(403);
    expect((await page(`localhost:${guardedPort}`)).status).toBe(200);
    // With a credential required, the API itself is left to it.
    const api = await rawRequest(`${guarded.url}/graphql`, {
      method: 'POST',
      headers: { ...json, host: `evil.example:${guardedPort}`, authorization: `Bearer ${API_KEYS.reader}` },
      body: QUERY,
    });
    expect(api.status).toBe(200);
    expect(problems).toEqual([]);
  });
});

describe('the playground page', () => {
  it('carries a Content-Security-Policy that allows its own scripts by hash, and nosniff', async () => {
    const page = await rawRequest(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  });
});
