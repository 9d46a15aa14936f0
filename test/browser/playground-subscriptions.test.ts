import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from '../support/chromium.ts';
import { useGateway } from '../support/gateway.ts';
import { advanceClock } from '../support/live-clients.ts';

const available = chromiumAvailable();
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 10,
  gateway: { live: { activePollMs: 30, idlePollMs: 120, changePollMs: 40 } },
});

describe.skipIf(!available)('GraphiQL playground subscriptions in headless Chromium', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it('runs a subscription over the WebSocket at /graphql and shows its events', async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.route('**/*', async (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || protocol === 'data:' || protocol === 'blob:') await route.continue();
      else await route.abort();
    });
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Anything the page's Content-Security-Policy blocks is reported on the console.
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text().slice(0, 300));
    });

    await page.goto(`${gateway.url}/graphql`);
    const editor = page
      .locator('.graphiql-query-editor .CodeMirror, .graphiql-query-editor .monaco-editor')
      .first();
    await editor.waitFor({ timeout: 20_000 });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    // Typed flat: the editor closes brackets itself, and typing the closing one steps over it.
    await page.keyboard.type(
      'subscription Live { importsChanged { kind previousStatus import { providerId status } } }',
    );
    // GraphiQL reads the operation after a debounce; the tab takes its name then, and only then
    // does the run button send this operation.
    await page.locator('.graphiql-tab-active', { hasText: 'Live' }).waitFor({ timeout: 5_000 });
    await page.locator('.graphiql-execute-button').click();

    // Imports move on as the simulated clock runs; their changes reach the response pane.
    await expect
      .poll(
        async () => {
          await advanceClock(gateway, 10_000);
          return page.locator('.graphiql-response').innerText();
        },
        { timeout: 15_000, interval: 300 },
      )
      .toContain('previousStatus');
    expect(sockets).toEqual([`${gateway.url.replace(/^http/, 'ws')}/graphql`]);
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
