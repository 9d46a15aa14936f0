/**
 * `npm run screenshots`: the README's images of the imports console, docs/images/console-list.png
 * and docs/images/console-detail.png, taken the same way on every run. The demo's simulators run
 * from their fixed seed on a manual clock moved to one fixed point (some imports running, others
 * finished), the gateway in this process, the console built as `npm run build` builds it, and
 * headless Chromium with a fixed viewport, locale, time zone and clock, every request off loopback
 * aborted. Nothing is fetched from the network.
 */
import { mkdirSync } from 'node:fs';
import { setTimeout } from 'node:timers/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { startDemo } from '../src/demo.ts';
import { startGateway, type RunningGateway } from '../src/gateway.ts';
import { createLogger } from '../src/log.ts';
import { openBackend, type Backend } from '../src/store/backend.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium.ts';
import { buildConsole } from './build.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const IMAGES = join(root, 'docs', 'images');
/**
 * A minute past the seed's start (2026-11-02 09:00 UTC): a few imports of each vendor still
 * running, the others finished (three minutes later every one has).
 */
const CLOCK_ADVANCE_MS = 60_000;
/** How long a view may take to show its content before the page is taken as it is. */
const CONTENT_TIMEOUT_MS = 15_000;

interface Candidate {
  id: string;
  status: string;
  counts: { errors: number | null } | null;
}

/** The Commerce Layer import the detail shows: the newest with errors, else the newest. */
async function chosenImport(gatewayUrl: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        '{ imports(first: 100, filter: { providers: [COMMERCE_LAYER] }) { nodes { id status counts { errors } } } }',
    }),
  });
  const answer = (await response.json()) as { data?: { imports: { nodes: Candidate[] } } };
  const nodes = answer.data?.imports.nodes ?? [];
  const chosen = nodes.find((node) => (node.counts?.errors ?? 0) > 0) ?? nodes[0];
  if (!chosen) throw new Error(`the gateway listed no Commerce Layer import: ${JSON.stringify(answer)}`);
  return chosen.id;
}

/** HTTP requests of the page not answered yet. */
function requestsInFlight(page: Page): () => number {
  let count = 0;
  page.on('request', () => (count += 1));
  page.on('requestfinished', () => (count -= 1));
  page.on('requestfailed', () => (count -= 1));
  return () => count;
}

/**
 * Waits for `selector` (a view's content), or says it did not come and goes on; then until no
 * request has been in flight for half a second, so what a view asks for after its first rows or
 * heading (more rows, messages) is on screen too.
 */
async function waitForContent(
  page: Page,
  options: { selector: string; name: string; inFlight: () => number },
): Promise<void> {
  const { selector, name, inFlight } = options;
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: CONTENT_TIMEOUT_MS });
  try {
    await page.locator(selector).first().waitFor({ timeout: CONTENT_TIMEOUT_MS });
  } catch {
    process.stderr.write(
      `  ${name}: no "${selector}" within ${CONTENT_TIMEOUT_MS / 1000} s; taken as it is.\n`,
    );
  }
  const settledBy = Date.now() + CONTENT_TIMEOUT_MS;
  let quietSince = Date.now();
  while (Date.now() - quietSince < 500 && Date.now() < settledBy) {
    await setTimeout(50);
    if (inFlight() > 0) quietSince = Date.now();
  }
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

async function takeScreenshots(): Promise<string[]> {
  await buildConsole();
  const log = createLogger('warn');
  // No provider configured: the demo's configuration, open, on loopback.
  const base = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  const demo = await startDemo(base, undefined, { clock: 'manual', arrivals: false, rateLimits: false });
  const clock = demo.simulators.commercelayer.clock;
  let backend: Backend | undefined;
  let gateway: RunningGateway | undefined;
  let browser: Browser | undefined;
  try {
    // Moved before the gateway starts: its first list already sees the imports at that point.
    clock.advance(CLOCK_ADVANCE_MS);
    backend = await openBackend({ config: demo.config, log });
    await demo.register(backend.store);
    gateway = await startGateway({ config: demo.config, log, backend });
    await demo.connectWebhooks(gateway.url);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await openPage(browser, clock.now());
    const inFlight = requestsInFlight(page);
    mkdirSync(IMAGES, { recursive: true });
    const taken: string[] = [];
    const shoot = async (path: string, selector: string, name: string) => {
      await page.goto(`${gateway!.url}${path}`);
      await waitForContent(page, { selector, name, inFlight });
      const file = join(IMAGES, name);
      await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
      taken.push(file.slice(root.length));
    };
    await shoot('/console', 'main table tbody tr', 'console-list.png');
    const id = await chosenImport(gateway.url);
    await shoot(`/console?import=${encodeURIComponent(id)}`, 'main h1', 'console-detail.png');
    return taken;
  } finally {
    await browser?.close();
    // The gateway closes the backend it was given; one that did not start leaves it to us.
    await (gateway ? gateway.close() : backend?.close());
    await demo.close();
  }
}

/** A page whose size, locale, time zone and clock are the same on every run, kept on loopback. */
async function openPage(browser: Browser, now: number): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  await page.route('**/*', (route) =>
    ['127.0.0.1', ''].includes(new URL(route.request().url()).hostname) ? route.continue() : route.abort(),
  );
  // The page's "now" is the simulators': times shown relative to it read the same on every run.
  await page.clock.setFixedTime(now);
  return page;
}

try {
  process.stdout.write(`Wrote ${(await takeScreenshots()).join(', ')}.\n`);
} catch (error) {
  process.stderr.write(`Screenshots failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
