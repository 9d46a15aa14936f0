import { afterAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/chromium.ts';
import {
  closeConsoleBrowser,
  openConsole,
  seriousAccessibilityViolations,
} from '../support/console-browser.ts';
import { useGateway } from '../support/gateway.ts';

const available = chromiumAvailable();
const gateway = useGateway({ imports: 10 });

describe.skipIf(!available)('the imports console in headless Chromium', () => {
  afterAll(closeConsoleBrowser);

  it('starts under its Content-Security-Policy, offline, and says it is live', async () => {
    const console = await openConsole({ url: gateway.url });
    try {
      await console.page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 10_000 });
      expect(await seriousAccessibilityViolations(console.page)).toEqual([]);
      expect(console.errors).toEqual([]);
      expect(console.blocked).toEqual([]);
      expect(console.offLoopback).toEqual([]);
    } finally {
      await console.close();
    }
  });

  it('follows the skip link to the main content, without a navigation', async () => {
    const console = await openConsole({ url: gateway.url });
    const { page } = console;
    try {
      await page.locator('h1').waitFor();
      // The first load leaves the focus where the browser starts; Tab reaches the skip link first.
      expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
      // Marks the view's heading: a view rebuilt by the router would come without the mark.
      await page.evaluate(() => document.querySelector('h1')!.setAttribute('data-before', ''));
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
      expect(await page.locator('h1[data-before]').count()).toBe(1);
      expect(new URL(page.url()).hash).toBe('#main');
      expect(await page.title()).toBe('Imports · Import gateway');
      expect(console.errors).toEqual([]);
    } finally {
      await console.close();
    }
  });
});
