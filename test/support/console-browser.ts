import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

export interface ConsolePage {
  page: Page;
  /** Uncaught errors in the page. */
  errors: string[];
  /** What the page's Content-Security-Policy blocked (Chromium reports it on the console). */
  blocked: string[];
  /** Requests the test aborted: anything not on loopback. */
  offLoopback: string[];
  close(): Promise<void>;
}

let browser: Promise<Browser> | undefined;

/**
 * The console in headless Chromium at `path` (default `/console`) of the gateway at `url`. The
 * console is built before the run (test/setup/build-console.ts). Every request off
 * loopback is aborted and noted, so a page that reached for the internet fails its test.
 */
export async function openConsole(options: {
  url: string;
  path?: string;
  viewport?: { width: number; height: number };
}): Promise<ConsolePage> {
  browser ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await (
    await browser
  ).newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const blocked: string[] = [];
  const offLoopback: string[] = [];
  await page.route('**/*', async (route) => {
    const { hostname, protocol } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || protocol === 'data:' || protocol === 'blob:') await route.continue();
    else {
      offLoopback.push(route.request().url());
      await route.abort();
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Trusted Types refusals are worded apart from the other CSP reports ("requires 'TrustedHTML'").
    if (/Content Security Policy|Trusted ?(Types?|HTML|Script)/i.test(message.text()))
      blocked.push(message.text().slice(0, 300));
  });
  await page.goto(`${options.url}${options.path ?? '/console'}`);
  return { page, errors, blocked, offLoopback, close: () => context.close() };
}

/** Nothing went wrong in the page: no uncaught error, nothing the CSP blocked, no request off loopback. */
export function expectClean(console: ConsolePage): void {
  expect(console.errors).toEqual([]);
  expect(console.blocked).toEqual([]);
  expect(console.offLoopback).toEqual([]);
}

/** Closes the browser the suite's pages shared (in an `afterAll`). */
export async function closeConsoleBrowser(): Promise<void> {
  const open = browser;
  browser = undefined;
  await (await open)?.close();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core run inside the page (evaluated through the DevTools protocol, which the page's CSP does
 * not govern; nothing is fetched): the violations of impact serious or critical.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown) => Promise<AxeResults> } }).axe;
    const results = await axe.run({ exclude: [] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

interface AxeResults {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: string[] }[] }[];
}
