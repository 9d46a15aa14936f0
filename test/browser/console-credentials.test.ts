/**
 * The console against a gateway that checks callers and runs persisted operations only, as it runs
 * in production (CONSOLE=1 with the console's manifest in PERSISTED_OPERATIONS): it asks for a
 * credential, says so when the gateway refuses one, and keeps the one it takes in memory only.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/chromium.ts';
import { closeConsoleBrowser, openConsole } from '../support/console-browser.ts';
import { useGateway } from '../support/gateway.ts';
import { API_KEYS, apiKeyEntry } from '../support/secrets.ts';

const MANIFEST = fileURLToPath(
  new URL('../../examples/client/generated/persisted-documents.json', import.meta.url),
);
const KEY = API_KEYS.writer;
const available = chromiumAvailable();
const gateway = useGateway({
  imports: 5,
  env: {
    GATEWAY_API_KEYS: apiKeyEntry('console', KEY, 'imports:read+imports:write'),
    PERSISTED_OPERATIONS: MANIFEST,
  },
});

async function signIn(page: Page, credential: string): Promise<void> {
  await page.getByLabel('API key or bearer token').fill(credential);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Everywhere a page could keep a credential beyond its memory: Web Storage, cookies, the URL,
 * the history entry's state, and the names of its IndexedDB databases and Cache Storage caches
 * (none is expected: the console opens neither).
 */
async function keptOutside(page: Page): Promise<string> {
  const kept = await page.evaluate(async () =>
    JSON.stringify({
      local: { ...localStorage },
      session: { ...sessionStorage },
      history: history.state as unknown,
      databases: await indexedDB.databases(),
      caches: await caches.keys(),
    }),
  );
  const cookies = JSON.stringify(await page.context().cookies());
  return `${kept} ${cookies} ${page.url()}`;
}

describe.skipIf(!available)('the console with an API key', () => {
  afterAll(closeConsoleBrowser);

  it('asks for it, refuses a wrong one, and goes live with the right one, keeping it in memory only', async () => {
    const console = await openConsole({ url: gateway.url });
    const { page } = console;
    try {
      const form = page.getByRole('form', { name: 'Sign in to the gateway' });
      await form.waitFor({ timeout: 10_000 });

      // Not a key of this gateway (the reader's key is configured elsewhere, not here).
      await signIn(page, API_KEYS.reader);
      await page
        .getByRole('alert')
        .filter({ hasText: /did not accept that credential|refused the credential/ })
        .waitFor({ timeout: 10_000 });
      await form.waitFor();
      expect(await page.getByLabel('API key or bearer token').inputValue()).toBe('');

      // The console's first query tells whether the key is taken: wait for its answer.
      const checked = page.waitForResponse(
        (response) =>
          response.url().endsWith('/graphql') &&
          (response.request().postData() ?? '').includes('"Providers"'),
      );
      await signIn(page, KEY);
      expect((await checked).status()).toBe(200);
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 10_000 });
      expect(await form.count()).toBe(0);
      expect(await page.getByRole('alert').count()).toBe(0);

      const outside = await keptOutside(page);
      expect(outside).toContain('"databases":[]');
      expect(outside).toContain('"caches":[]');
      expect(outside).not.toContain(KEY);
      expect(outside).not.toContain(API_KEYS.reader);
      expect(console.errors).toEqual([]);
      expect(console.blocked).toEqual([]);
      expect(console.offLoopback).toEqual([]);
    } finally {
      await console.close();
    }
  });
  // A sink given a string in the console's own code would throw, and so show in `errors` of every
  // test; the refusal is also among what the CSP `blocked`.
  it('refuses a string to an HTML sink (Trusted Types)', async () => {
    const console = await openConsole({ url: gateway.url });
    try {
      await console.page.getByRole('form', { name: 'Sign in to the gateway' }).waitFor({ timeout: 10_000 });
      const outcome = await console.page.evaluate(() => {
        try {
          document.body.insertAdjacentHTML('beforeend', '<b id="sink">parsed</b>');
          return 'parsed';
        } catch (error) {
          return (error as Error).name;
        }
      });
      expect(outcome).toBe('TypeError');
      expect(await console.page.locator('#sink').count()).toBe(0);
      // And the harness notes the refusal, so one that does not throw would fail a test as well.
      await expect.poll(() => console.blocked.join('\n')).toMatch(/TrustedHTML|Trusted Type/i);
    } finally {
      await console.close();
    }
  });
});
