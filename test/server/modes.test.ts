import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { useGateway } from '../support/gateway.ts';
import { spawnMain } from '../support/gateway-process.ts';
import { API_KEYS, apiKeyEntry } from '../support/secrets.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const KEY = API_KEYS.writer;
const KEYS = apiKeyEntry('ops', KEY, 'imports:read+imports:write');
const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };

describe('production defaults', () => {
  const production = { NODE_ENV: 'production', FLEETIO_API_KEY: 'k', FLEETIO_ACCOUNT_TOKEN: 'a' };

  it('refuse to run without authentication unless ALLOW_UNAUTHENTICATED=1', () => {
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/refusing to run without authentication/);
    expect(loadConfig({ ...production, ALLOW_UNAUTHENTICATED: '1' }).security.auth.open).toBe(true);
  });

  it('turn introspection and the playground off, unless asked for', () => {
    const config = loadConfig({ ...production, GATEWAY_API_KEYS: KEYS });
    expect(config.security).toMatchObject({ introspection: false, playground: false });
    const asked = loadConfig({
      ...production,
      GATEWAY_API_KEYS: KEYS,
      GRAPHQL_INTROSPECTION: '1',
      GRAPHQL_PLAYGROUND: 'on',
    });
    expect(asked.security).toMatchObject({ introspection: true, playground: true });
    expect(() => loadConfig({ ...production, GATEWAY_API_KEYS: KEYS, GRAPHQL_PLAYGROUND: 'maybe' })).toThrow(
      /GRAPHQL_PLAYGROUND must be 1 or 0/,
    );
  });

  it('leave the imports console off unless CONSOLE=1; on elsewhere unless CONSOLE=0', () => {
    expect(loadConfig({ ...production, GATEWAY_API_KEYS: KEYS }).security.console).toBe(false);
    expect(loadConfig({ ...production, GATEWAY_API_KEYS: KEYS, CONSOLE: '1' }).security.console).toBe(true);
    const configured = { FLEETIO_API_KEY: 'k', FLEETIO_ACCOUNT_TOKEN: 'a', GATEWAY_API_KEYS: KEYS };
    expect(loadConfig(configured).security.console).toBe(true);
    expect(loadConfig({ ...configured, CONSOLE: 'off' }).security.console).toBe(false);
    // Demo mode serves it unless CONSOLE=0 (unlike the playground, which it always serves).
    expect(loadConfig({}).security.console).toBe(true);
    expect(loadConfig({ CONSOLE: '0' }).security.console).toBe(false);
    expect(() => loadConfig({ ...configured, CONSOLE: 'sometimes' })).toThrow(/CONSOLE must be 1 or 0/);
  });

  it('keep demo mode open, with playground and introspection, on loopback', () => {
    const config = loadConfig({ GATEWAY_API_KEYS: KEYS });
    expect(config.demo).toBe(true);
    expect(config.security).toMatchObject({ auth: { open: true }, introspection: true, playground: true });
  });

  it('name bad CORS origins', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'app.example.com' })).toThrow(
      /CORS_ORIGINS entries must be origins like https:\/\/app.example.com, got "app.example.com"/,
    );
  });
});

/** How src/main.ts ended when it refused to start; one that started anyway is killed. */
async function refusal(env: Record<string, string>): Promise<string> {
  try {
    await (await spawnMain({ PORT: '0', ...env })).kill();
    return 'it started';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('production and demo mode, through src/main.ts', () => {
  it('refuses DEMO=1 in production: exit code 2 and the reason', async () => {
    // The attack: demo mode, with its open access and introspection, switched on in production.
    expect(await refusal({ NODE_ENV: 'production', DEMO: '1', GATEWAY_API_KEYS: KEYS })).toMatch(
      /exited with 2: Invalid configuration:\n- NODE_ENV=production with DEMO=1: demo mode \(simulated vendors, no authentication\) never runs in production\. Unset DEMO/,
    );
  });

  it('refuses production with no vendor configured rather than falling back to demo mode', async () => {
    expect(await refusal({ NODE_ENV: 'production', GATEWAY_API_KEYS: KEYS })).toMatch(
      /exited with 2: Invalid configuration:\n- NODE_ENV=production with no vendor configured: production never falls back to demo mode\. Configure at least one: FLEETIO_API_KEY and FLEETIO_ACCOUNT_TOKEN/,
    );
  });

  it('runs demo mode without REDIS_URL, DATA_DIR and GATEWAY_API_KEYS, and says so', async () => {
    // Stands where REDIS_URL points: any connection at all, the live layer's included, is counted.
    let connections = 0;
    const redis = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    redis.listen(0, '127.0.0.1');
    await once(redis, 'listening');
    const dataDir = join(mkdtempSync(join(tmpdir(), 'demo-ignores-')), 'data');
    const gateway = await spawnMain({
      PORT: '0',
      REDIS_URL: `redis://127.0.0.1:${(redis.address() as AddressInfo).port}`,
      DATA_DIR: dataDir,
      GATEWAY_API_KEYS: KEYS,
    });
    try {
      expect(gateway.printed).toContain(
        'Demo mode ignores REDIS_URL, DATA_DIR, GATEWAY_API_KEYS: its data stays in a temporary SQLite store',
      );
      const answer = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ imports(first: 3) { nodes { id } } }' }),
      });
      const body = (await answer.json()) as { data: { imports: { nodes: unknown[] } } };
      expect(body.data.imports.nodes).toHaveLength(3);
      expect(connections).toBe(0);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      // SIGTERM, not a kill: the demo removes its temporary store on the way out.
      const exited = once(gateway.child, 'exit');
      gateway.child.kill('SIGTERM');
      await exited;
      redis.close();
    }
  });
});

describe('introspection and playground switched off', () => {
  const gateway = useGateway({
    imports: 3,
    env: { GATEWAY_API_KEYS: KEYS, GRAPHQL_INTROSPECTION: '0', GRAPHQL_PLAYGROUND: '0' },
  });

  it('refuses introspection queries and does not serve the playground', async () => {
    const introspection = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
    });
    expect(introspection.status).toBe(400);
    expect(await introspection.text()).toMatch(/introspection/i);
    const page = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('<title>Import gateway</title>');
  });

  it('hides field suggestions that would reveal the schema', async () => {
    const answer = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: '{ import { id } }' }),
    });
    expect(await answer.text()).not.toMatch(/Did you mean/);
  });
});

describe('persisted operations only', () => {
  const providersQuery = 'query Providers { providers { provider enabled } }';
  const subscription = 'subscription Changes { importsChanged { kind } }';
  const dir = mkdtempSync(join(tmpdir(), 'persisted-'));
  const manifest = join(dir, 'operations.json');
  writeFileSync(
    manifest,
    JSON.stringify({ [sha256(providersQuery)]: providersQuery, [sha256(subscription)]: subscription }),
  );
  const gateway = useGateway({ imports: 3, env: { GATEWAY_API_KEYS: KEYS, PERSISTED_OPERATIONS: manifest } });

  const post = async (body: unknown) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        data?: unknown;
        errors?: { message: string; extensions: { code: string } }[];
      },
    };
  };

  it('runs a registered operation by its hash, by documentId, or sent in full', async () => {
    const expected = {
      providers: expect.arrayContaining([{ provider: 'FLEETIO', enabled: true }]) as unknown,
    };
    const byHash = await post({
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(providersQuery) } },
    });
    expect(byHash.body.data).toEqual(expected);
    expect((await post({ documentId: `sha256:${sha256(providersQuery)}` })).body.data).toEqual(expected);
    expect((await post({ query: providersQuery })).body.data).toEqual(expected);
    const get = await fetch(`${gateway.url}/graphql?documentId=${sha256(providersQuery)}`, {
      headers: { ...headers, 'apollo-require-preflight': 'true' },
    });
    expect(((await get.json()) as { data: unknown }).data).toEqual(expected);
  });

  it('refuses any other document, with a reason', async () => {
    const other = await post({ query: '{ imports { totalCount } }' });
    expect(other.status).toBe(400);
    expect(other.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/persisted operations only/) as unknown,
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
    });
    const unknownHash = await post({
      extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } },
    });
    expect(unknownHash.body.errors?.[0]?.message).toMatch(/No persisted operation has the id/);
  });

  it('holds WebSocket operations to the same list', async () => {
    const socket = new WebSocket(`${gateway.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const messages: { id?: string; type: string; payload?: { message: string }[] }[] = [];
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as never));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${KEY}` } }));
    await expect.poll(() => messages.some((message) => message.type === 'connection_ack')).toBe(true);
    socket.send(
      JSON.stringify({
        id: 'free',
        type: 'subscribe',
        payload: { query: 'subscription { importsChanged { kind import { id } } }' },
      }),
    );
    socket.send(
      JSON.stringify({
        id: 'listed',
        type: 'subscribe',
        // graphql-ws requires a `query` string in every subscribe message; the hash names the document.
        payload: {
          query: '',
          extensions: { persistedQuery: { version: 1, sha256Hash: sha256(subscription) } },
        },
      }),
    );
    await expect.poll(() => messages.find((message) => message.id === 'free')).toBeDefined();
    expect(messages.find((message) => message.id === 'free')).toMatchObject({
      type: 'error',
      payload: [{ message: expect.stringMatching(/persisted operations only/) as unknown }],
    });
    // The listed one is accepted: whatever it streams (change events), it is never refused.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(messages.filter((message) => message.id === 'listed' && message.type === 'error')).toEqual([]);
    socket.close();
  });

  it('refuses to start on a manifest entry that does not validate', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ abc: '{ nosuchfield }' }));
    await expect(
      gateway.startInstance({
        configure: (config) => ({
          ...config,
          security: { ...config.security, persistedOperationsFiles: [bad] },
        }),
      }),
    ).rejects.toThrow(/PERSISTED_OPERATIONS: operation abc of .*bad\.json is not valid here/);
  });
});
