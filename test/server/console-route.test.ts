/**
 * The imports console's page and files over real HTTP (no browser): its headers, the settings
 * written into the page, the Host check, and when it is served at all (CONSOLE, NODE_ENV and
 * PERSISTED_OPERATIONS together: src/server/http/console-manifest.ts).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, type GatewayConfig } from '../../src/config.ts';
import { consoleRoutes } from '../../src/server/http/console-route.ts';
import { createHostPolicy } from '../../src/server/http/host-policy.ts';
import { capturingLogger } from '../support/log-capture.ts';
import { useGateway } from '../support/gateway.ts';
import { rawRequest } from '../support/raw-http.ts';
import { API_KEYS, apiKeyEntry } from '../support/secrets.ts';

const MANIFEST = fileURLToPath(
  new URL('../../examples/client/generated/persisted-documents.json', import.meta.url),
);
const KEYS = apiKeyEntry('ops', API_KEYS.writer, 'imports:read+imports:write');
const EXPECTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; " +
  "trusted-types 'none'";
const RELATIVE_MANIFEST = 'examples/client/generated/persisted-documents.json';

/** Open, outside production: as the demo runs. */
const gateway = useGateway({ providers: ['commercelayer'], imports: 3 });

/** Another gateway on the same simulators, configured from the suite's environment and `env`. */
function startWith(env: Record<string, string>, log?: ReturnType<typeof capturingLogger>['log']) {
  return gateway.startInstance({
    configure: (config): GatewayConfig => ({
      ...loadConfig({ ...gateway.env, ...env }),
      dataDir: config.dataDir,
    }),
    log,
  });
}

function settingsOf(html: string): unknown {
  const content = /<meta name="console-settings" content="([^"]*)"/.exec(html)?.[1] ?? '';
  return JSON.parse(
    content
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&amp;/g, '&'),
  );
}

describe('the console page', () => {
  it('is served under a strict Content-Security-Policy, never framed, revalidated on each load', async () => {
    const page = await fetch(`${gateway.url}/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/console/console.js"></script>');
    expect(html).not.toMatch(/<script>|<style|style="/);
  });

  it("tells an open gateway's page that no credential is needed", async () => {
    const html = await (await fetch(`${gateway.url}/console`)).text();
    expect(settingsOf(html)).toEqual({ open: true, persistedDocuments: false });
  });

  it('serves the script, its source map and the style sheet with their types', async () => {
    for (const [path, type] of [
      ['/console/console.js', 'text/javascript; charset=utf-8'],
      ['/console/console.js.map', 'application/json; charset=utf-8'],
      ['/console/console.css', 'text/css; charset=utf-8'],
    ]) {
      const answer = await fetch(`${gateway.url}${path}`);
      expect([path, answer.status, answer.headers.get('content-type')]).toEqual([path, 200, type]);
      expect((await answer.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });

  it('answers 405 to anything but GET and HEAD', async () => {
    const post = await fetch(`${gateway.url}/console`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${gateway.url}/console`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('tells an OPTIONS request those two methods, while /graphql keeps its own', async () => {
    for (const path of ['/console', '/console/console.js']) {
      const options = await fetch(`${gateway.url}${path}`, { method: 'OPTIONS' });
      expect([path, options.status, options.headers.get('allow')]).toEqual([path, 204, 'GET, HEAD']);
    }
    const graphql = await fetch(`${gateway.url}/graphql`, { method: 'OPTIONS' });
    expect([graphql.status, graphql.headers.get('allow')]).toEqual([204, 'GET, POST, OPTIONS']);
  });

  it('refuses host names a rebound page would send (DNS rebinding), page and files alike', async () => {
    const port = new URL(gateway.url).port;
    for (const path of ['/console', '/console/console.js']) {
      const rebound = await rawRequest(`${gateway.url}${path}`, {
        headers: { host: `evil.example:${port}` },
      });
      expect([path, rebound.status]).toEqual([path, 403]);
      expect(rebound.text).toContain('ALLOWED_HOSTS');
      const local = await rawRequest(`${gateway.url}${path}`, { headers: { host: `localhost:${port}` } });
      expect([path, local.status]).toEqual([path, 200]);
    }
  });

  it('answers 503 with what to do when the console is not built', async () => {
    const routes = consoleRoutes({
      settings: { open: true, persistedDocuments: false },
      hosts: createHostPolicy({ open: true, host: '127.0.0.1', allowedHosts: [] }),
      directory: mkdtempSync(join(tmpdir(), 'console-unbuilt-')),
    });
    const server = createServer((request, response) => routes[request.url ?? '']!(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const page = await fetch(`${url}/console`);
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await page.text()).toMatch(/not built: run `npm run build`/);
      expect((await fetch(`${url}/console/console.js`)).status).toBe(503);
    } finally {
      server.close();
    }
  });
});

describe('with API keys and persisted operations', () => {
  it('tells the page to ask for a credential and to send hashes', async () => {
    const keyed = await startWith({ GATEWAY_API_KEYS: KEYS, PERSISTED_OPERATIONS: MANIFEST });
    const html = await (await fetch(`${keyed.url}/console`)).text();
    expect(settingsOf(html)).toEqual({ open: false, persistedDocuments: true });
    expect(keyed.consoleUrl).toBe(`${keyed.url}/console`);
    // The API is left to its credential there; the page still refuses a rebound name.
    const rebound = await rawRequest(`${keyed.url}/console`, {
      headers: { host: `evil.example:${new URL(keyed.url).port}` },
    });
    expect(rebound.status).toBe(403);
    await keyed.close();
  });

  it("outside production, starts without the console's operations: one warning, and 503 saying what to add", async () => {
    const query = 'query Providers { providers { provider } }';
    const other = join(mkdtempSync(join(tmpdir(), 'console-persisted-')), 'other.json');
    writeFileSync(other, JSON.stringify({ [createHash('sha256').update(query).digest('hex')]: query }));
    const capture = capturingLogger('warn');
    const partial = await startWith({ GATEWAY_API_KEYS: KEYS, PERSISTED_OPERATIONS: other }, capture.log);
    const page = await fetch(`${partial.url}/console`);
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    // Anyone may read the answer: the manifest is named from the project's folder, as the README does.
    const text = await page.text();
    expect(text).toContain(`add ${RELATIVE_MANIFEST} to PERSISTED_OPERATIONS`);
    expect(text).not.toContain(MANIFEST);
    expect(text).toContain('or set CONSOLE=0');
    expect((await fetch(`${partial.url}/console/console.js`)).status).toBe(503);
    const warnings = capture.messages().filter((message) => message.includes('imports console'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`add ${MANIFEST} to PERSISTED_OPERATIONS`);
    expect(partial.consoleUrl).toBeUndefined();
    await partial.close();
  });
});

describe('in production', () => {
  const production = { NODE_ENV: 'production', GATEWAY_API_KEYS: KEYS };

  it('does not serve the console without CONSOLE=1', async () => {
    const instance = await startWith(production);
    expect((await fetch(`${instance.url}/console`)).status).toBe(404);
    expect((await fetch(`${instance.url}/console/console.js`)).status).toBe(404);
    expect(instance.consoleUrl).toBeUndefined();
    await instance.close();
  });

  it("refuses to start with CONSOLE=1 unless PERSISTED_OPERATIONS includes the console's manifest, saying so", async () => {
    const expected = `CONSOLE=1 with NODE_ENV=production serves the imports console, and PERSISTED_OPERATIONS must include its operations: add ${MANIFEST} to PERSISTED_OPERATIONS`;
    await expect(startWith({ ...production, CONSOLE: '1' })).rejects.toThrow(expected);
  });

  it('serves it with CONSOLE=1 and the manifest listed', async () => {
    const instance = await startWith({ ...production, CONSOLE: '1', PERSISTED_OPERATIONS: MANIFEST });
    const page = await fetch(`${instance.url}/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    expect(settingsOf(await page.text())).toEqual({ open: false, persistedDocuments: true });
    await instance.close();
  });
});
