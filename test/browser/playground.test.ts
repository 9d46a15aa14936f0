import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from '../support/chromium.ts';
import { useGateway } from '../support/gateway.ts';

const available = chromiumAvailable();
const gateway = useGateway({ imports: 10 });

describe.skipIf(!available)('GraphiQL playground in headless Chromium', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it('loads with every non-loopback request blocked, and runs a query', async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const offLoopback: string[] = [];
    // The playground must work with no internet: anything not on loopback is refused and recorded.
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (
        ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ||
        url.protocol === 'data:' ||
        url.protocol === 'blob:'
      ) {
        await route.continue();
      } else {
        offLoopback.push(url.href);
        await route.abort();
      }
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Anything the page's Content-Security-Policy blocks is reported on the console.
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text().slice(0, 300));
    });

    const loaded = await page.goto(`${gateway.url}/graphql`);
    const headers = loaded!.headers();
    expect(headers['x-content-type-options']).toBe('nosniff');
    const policy = headers['content-security-policy'] ?? '';
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toMatch(/script-src 'sha256-[^']+'(;|$)/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    const editor = page
      .locator('.graphiql-query-editor .CodeMirror, .graphiql-query-editor .monaco-editor')
      .first();
    await editor.waitFor({ timeout: 20_000 });

    // GraphiQL also introspects the schema on load: wait for the answer to our query itself.
    const graphqlResponse = page.waitForResponse(
      (response) =>
        response.url().endsWith('/graphql') &&
        (response.request().postData() ?? '').includes('RecentImports'),
    );
    await page.locator('.graphiql-execute-button').click();
    const answer = (await (await graphqlResponse).json()) as { data?: { imports?: { edges: unknown[] } } };
    expect(answer.data?.imports?.edges.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('.graphiql-response').innerText(), { timeout: 10_000 })
      .toContain('providerId');

    expect(offLoopback).toEqual([]);
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
