/**
 * The console's built files as a running gateway serves them: read again when a build replaces
 * them, revalidated by ETag, and a file that cannot be read answered with 503 while the gateway
 * keeps running. Real HTTP, real files in a temporary folder laid out as `npm run build` leaves
 * dist/console/ (scripts/build.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { consoleRoutes } from '../../src/server/http/console-route.ts';
import { renderConsolePage } from '../../src/server/http/console-page.ts';
import { createHostPolicy } from '../../src/server/http/host-policy.ts';
import { useGateway } from '../support/gateway.ts';

const TEMPLATE = readFileSync(new URL('../../console/index.html', import.meta.url), 'utf8');

/** A folder as a build leaves it; `css: undefined` puts a folder in its place (a read error). */
function writeBuild(directory: string, build: { js: string; css: string | undefined; record: string }) {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'index.html'), TEMPLATE);
  writeFileSync(join(directory, 'console.js'), build.js);
  if (build.css === undefined) mkdirSync(join(directory, 'console.css'));
  else writeFileSync(join(directory, 'console.css'), build.css);
  writeFileSync(join(directory, '.sources.json'), build.record);
}

const servers: { close(): void }[] = [];
afterAll(() => servers.forEach((server) => server.close()));

/** The console's routes alone on a loopback server, reading `directory`. */
async function serveConsole(directory: string): Promise<string> {
  const routes = consoleRoutes({
    settings: { open: true, persistedDocuments: false },
    hosts: createHostPolicy({ open: true, host: '127.0.0.1', allowedHosts: [] }),
    directory,
  });
  const server = createServer((request, response) => routes[request.url ?? '']!(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a running gateway and a rebuild', () => {
  it('serves the new build once it is moved into place, all of its files together', async () => {
    const root = mkdtempSync(join(tmpdir(), 'console-rebuild-'));
    const out = join(root, 'console');
    writeBuild(out, { js: 'first();', css: '.first{}', record: '{"sha256":"1"}' });
    const url = await serveConsole(out);
    expect(await (await fetch(`${url}/console/console.js`)).text()).toBe('first();');
    expect(await (await fetch(`${url}/console/console.css`)).text()).toBe('.first{}');

    // As scripts/build.ts does: built beside, the old one moved aside, the new one moved in.
    writeBuild(join(root, 'staging'), { js: 'second();', css: '.second{}', record: '{"sha256":"2"}' });
    renameSync(out, join(root, 'old'));
    renameSync(join(root, 'staging'), out);
    expect(await (await fetch(`${url}/console/console.js`)).text()).toBe('second();');
    expect(await (await fetch(`${url}/console/console.css`)).text()).toBe('.second{}');
  });
});

describe('revalidation', () => {
  it('answers a known ETag with 304 and no body, the page and the files alike', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'console-etag-')), 'console');
    writeBuild(out, { js: 'run();', css: '.a{}', record: '{}' });
    const url = await serveConsole(out);
    for (const path of ['/console', '/console/console.js', '/console/console.css']) {
      const first = await fetch(`${url}${path}`);
      const etag = first.headers.get('etag') ?? '';
      expect([path, first.status, first.headers.get('cache-control')]).toEqual([path, 200, 'no-cache']);
      expect(etag).toMatch(/^"[\w-]{43}"$/);
      const again = await fetch(`${url}${path}`, { headers: { 'if-none-match': `"other", ${etag}` } });
      expect([path, again.status, again.headers.get('etag')]).toEqual([path, 304, etag]);
      expect(await again.text()).toBe('');
      const stale = await fetch(`${url}${path}`, { headers: { 'if-none-match': '"other"' } });
      expect([path, stale.status]).toEqual([path, 200]);
    }
  });

  it("gives the page an ETag of the HTML as sent, the gateway's settings included", async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'console-etag-page-')), 'console');
    writeBuild(out, { js: 'run();', css: '.a{}', record: '{}' });
    const keyed = consoleRoutes({
      settings: { open: false, persistedDocuments: true },
      hosts: createHostPolicy({ open: true, host: '127.0.0.1', allowedHosts: [] }),
      directory: out,
    });
    const server = createServer((request, response) => keyed[request.url ?? '']!(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const open = await fetch(`${await serveConsole(out)}/console`);
    const closed = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/console`);
    expect(open.headers.get('etag')).not.toBe(closed.headers.get('etag'));
  });
});

describe('a file that cannot be read', () => {
  const root = mkdtempSync(join(tmpdir(), 'console-unreadable-'));
  writeBuild(join(root, 'console'), { js: 'run();', css: undefined, record: '{}' });
  const gateway = useGateway({
    providers: ['commercelayer'],
    gateway: { consoleDirectory: join(root, 'console') },
  });

  it('answers 503 saying which and what to do, and the gateway keeps answering', async () => {
    for (const path of ['/console', '/console/console.css', '/console/console.js']) {
      const answer = await fetch(`${gateway.url}${path}`);
      expect([path, answer.status]).toEqual([path, 503]);
      const text = await answer.text();
      expect(text).toBe(
        "The console's files cannot be read: console.css cannot be read (EISDIR). Run `npm run build` again, then reload.\n",
      );
      expect(text).not.toContain(root);
    }
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });
});

describe('the settings written into the page', () => {
  it("round-trip whatever they hold (quotes, markup, `$'` and `$&`), the rest of the page intact", () => {
    const settings = { open: true, note: `"<>&$'$&$\`'</meta><script>` };
    const html = renderConsolePage(TEMPLATE, settings) ?? '';
    const content = /<meta name="console-settings" content="([^"<>']*)"/.exec(html)?.[1];
    expect(content).toBeDefined();
    const decoded = content!
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(JSON.parse(decoded)).toEqual(settings);
    expect(html.replace(`content="${content}"`, 'content="{}"')).toBe(TEMPLATE);
  });

  it('are refused a page without their placeholder, rather than left out silently', () => {
    expect(
      renderConsolePage(TEMPLATE.replace('content="{}"', "content='{}'"), { open: true }),
    ).toBeUndefined();
  });
});
