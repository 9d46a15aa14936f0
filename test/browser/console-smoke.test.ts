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
});
