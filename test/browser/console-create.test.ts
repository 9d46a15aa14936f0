import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/chromium.ts';
import {
  closeConsoleBrowser,
  expectClean,
  openConsole,
  seriousAccessibilityViolations,
} from '../support/console-browser.ts';
import { useGateway } from '../support/gateway.ts';
import { advanceClock } from '../support/live-clients.ts';
import { transformDocument } from '../integration/mutations.ts';
import { get, token } from '../simulators/sailpoint/sailpoint-api.ts';

const available = chromiumAvailable();
const gateway = useGateway({
  imports: 4,
  gateway: { live: { activePollMs: 30, idlePollMs: 120, changePollMs: 40 } },
});

/** A CSV of valid SKUs (codes unique per call, so the simulator imports each). */
function skusCsv(count: number): Buffer {
  const tag = Math.random().toString(36).slice(2, 8).toUpperCase();
  const rows = Array.from({ length: count }, (_, index) => `CSV-${tag}-${index},"Shirt ${index}, blue"`);
  return Buffer.from(`code,name\r\n${rows.join('\r\n')}\r\n`);
}

async function commerceLayerImportCount(): Promise<number> {
  return (await gateway.control<unknown[]>('commercelayer', 'GET', '/__sim/imports')).length;
}

/** The idempotency keys of the CreateImport requests the page sent, one per request. */
function createImportKeys(page: Page): string[] {
  const keys: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    const body = JSON.parse(request.postData() ?? '{}') as {
      operationName?: string;
      variables?: { input?: { idempotencyKey?: string } };
    };
    if (body.operationName === 'CreateImport') keys.push(body.variables?.input?.idempotencyKey ?? '(none)');
  });
  return keys;
}

/** The createImport requests the page sent. */
function createRequests(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && /CreateImport/.test(request.postData() ?? ''))
      sent.push(request.url());
  });
  return sent;
}

async function chooseCsv(page: Page, buffer: Buffer, name = 'skus.csv'): Promise<void> {
  await page.setInputFiles('#cl-file', {
    name,
    mimeType: name.endsWith('.csv') ? 'text/csv' : 'application/json',
    buffer,
  });
}

describe.skipIf(!available)('the console creates imports', () => {
  afterAll(closeConsoleBrowser);

  it('creates a Commerce Layer import from a CSV file, opens it, and shows it run to its end', async () => {
    const console = await openConsole({ url: gateway.url, path: '/console?create=COMMERCE_LAYER' });
    const { page } = console;
    try {
      await chooseCsv(page, skusCsv(30));
      const preview = page.locator('.preview');
      await expect
        .poll(() => preview.innerText())
        .toMatch(/Format\s+CSV[\s\S]*Inputs\s+30[\s\S]*Columns\s+code, name/);
      await page.selectOption('#cl-resource-type', 'skus');
      await page.fill('#cl-reference', 'console-create');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Create import' }).click();

      await page.waitForURL(/[?&]import=/, { timeout: 10_000 });
      await expect.poll(() => page.locator('h1').innerText()).toMatch(/^Commerce Layer import/);
      await expect
        .poll(() => page.locator('.import-fields').innerText())
        .toMatch(/Reference\s+console-create/);
      const state = page.locator('.detail-state');
      await expect
        .poll(
          async () => {
            await advanceClock(gateway, 3_000);
            return state.innerText();
          },
          { timeout: 15_000, interval: 200 },
        )
        .toMatch(/^(Succeeded|Partly succeeded)$/);
      await expect.poll(() => page.locator('.import-fields').innerText()).toMatch(/100 %/);
      // And the list, reached without a reload, has it at its end too.
      const id = new URL(page.url()).searchParams.get('import')!;
      await page.getByRole('link', { name: 'All imports' }).click();
      const row = page.locator(`tbody tr:has(a[href*="import=${encodeURIComponent(id)}"])`);
      await expect.poll(() => row.locator('.status').innerText()).toMatch(/^(Succeeded|Partly succeeded)$/);
      expectClean(console);
    } finally {
      await console.close();
    }
  });

  it('creates one import for a double click (the button is disabled, one idempotency key)', async () => {
    const console = await openConsole({ url: gateway.url, path: '/console?create=COMMERCE_LAYER' });
    const { page } = console;
    try {
      const before = await commerceLayerImportCount();
      const keys = createImportKeys(page);
      await chooseCsv(page, skusCsv(5));
      await page.selectOption('#cl-resource-type', 'skus');
      await page.locator('.preview dl').waitFor();
      await page.getByRole('button', { name: 'Create import' }).dblclick();
      await page.waitForURL(/[?&]import=/, { timeout: 10_000 });
      await page.locator('.import-fields').waitFor();
      // One request with one key: the second click found the button disabled.
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await commerceLayerImportCount()).toBe(before + 1);
      // Landed on the new import's detail: the focus on its heading.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('detail-heading');
      await expect.poll(() => page.title()).toMatch(/^Commerce Layer import \S+ · Import gateway$/);
      expectClean(console);
    } finally {
      await console.close();
    }
  });

  it('after a vendor failure, says it in words with the retry hint, and a retry keeps the key', async () => {
    const console = await openConsole({ url: gateway.url, path: '/console?create=COMMERCE_LAYER' });
    const { page } = console;
    const keys: string[] = [];
    page.on('request', (request) => {
      const key = /"idempotencyKey":"([^"]+)"/.exec(request.postData() ?? '')?.[1];
      if (key) keys.push(key);
    });
    try {
      const before = await commerceLayerImportCount();
      await chooseCsv(page, skusCsv(3));
      await page.selectOption('#cl-resource-type', 'skus');
      await page.locator('.preview dl').waitFor();
      await gateway.control('commercelayer', 'PUT', '/__sim/faults', { errorRate: 1, errorStatus: 503 });
      const submit = page.getByRole('button', { name: 'Create import' });
      try {
        await submit.click();
        const summary = page.locator('.error-summary');
        await expect.poll(() => summary.innerText(), { timeout: 15_000 }).toMatch(/Try again in/);
        expect(await summary.innerText()).toMatch(
          /submitting the same form again is safe, it creates no second import/,
        );
        expect(await summary.innerText()).not.toMatch(/\bat \S+\.(ts|js):\d+/);
      } finally {
        await gateway.control('commercelayer', 'DELETE', '/__sim/faults');
      }
      await submit.click();
      await page.waitForURL(/[?&]import=/, { timeout: 10_000 });
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      expect(await commerceLayerImportCount()).toBe(before + 1);
      expectClean(console);
    } finally {
      await console.close();
    }
  });

  it('shows a split as one group: previewed, then its parts listed together with links', async () => {
    const console = await openConsole({ url: gateway.url, path: '/console?create=COMMERCE_LAYER' });
    const { page } = console;
    try {
      await chooseCsv(page, skusCsv(10_001));
      await expect
        .poll(() => page.locator('.split-notice').innerText())
        .toBe('Will be split into 2 imports of at most 10,000 inputs.');
      await page.selectOption('#cl-resource-type', 'skus');
      await page.getByRole('button', { name: 'Create import' }).click();
      const result = page.locator('.create-result');
      await expect.poll(() => result.locator('h2').innerText(), { timeout: 10_000 }).toBe('Created: 2 parts');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('create-result'))).toBe(
        true,
      );
      const links = result.locator('.created-parts a');
      expect(await links.allInnerTexts()).toEqual(['Part 1 of 2', 'Part 2 of 2']);
      expect(
        await result.getByRole('link', { name: 'Show the group in the list' }).getAttribute('href'),
      ).toMatch(/^\/console\?group=/);
      await links.nth(1).click();
      await expect.poll(() => page.locator('.import-fields').innerText()).toMatch(/Group\s+part 2 of 2/);
      expectClean(console);
    } finally {
      await console.close();
    }
  });

  it('refuses a ragged CSV, JSON that is not an array, and a file over 10 MiB, sending nothing', async () => {
    const console = await openConsole({ url: gateway.url, path: '/console?create=COMMERCE_LAYER' });
    const { page } = console;
    const sent = createRequests(page);
    try {
      const before = await commerceLayerImportCount();
      await page.selectOption('#cl-resource-type', 'skus');
      const summary = page.locator('.error-summary');
      const fileError = page.locator('#cl-file-error');
      const submit = page.getByRole('button', { name: 'Create import' });

      await chooseCsv(page, Buffer.from('code,name\nA,1\nB,2,3\n'));
      await expect
        .poll(() => fileError.innerText())
        .toBe('skus.csv: Line 3 has 3 fields; the header row has 2. Every row needs one value per column.');
      expect(await page.locator('#cl-file').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#cl-file').getAttribute('aria-describedby')).toContain('cl-file-error');
      await submit.click();
      await expect.poll(() => summary.innerText()).toContain('Line 3 has 3 fields');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(
        true,
      );
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await chooseCsv(page, Buffer.from('{"code": "A"}'), 'skus.json');
      await expect
        .poll(() => fileError.innerText())
        .toMatch(/^skus\.json: The JSON file must be an array of objects/);
      await submit.click();

      await chooseCsv(page, Buffer.alloc(11 * 1024 * 1024, 'a'), 'big.csv');
      await expect
        .poll(() => fileError.innerText())
        .toMatch(/^big\.csv is 11\.0 MiB; the gateway takes at most 10 MiB/);
      await submit.click();
      await expect.poll(() => summary.innerText()).toContain('big.csv is 11.0 MiB');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(
        true,
      );

      // A good file replaces the bad one: the summary leaves, the focus goes to the file field.
      await chooseCsv(page, skusCsv(2));
      await page.locator('.preview dl').waitFor();
      expect(await summary.isHidden()).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('cl-file');

      expect(sent).toEqual([]);
      expect(await commerceLayerImportCount()).toBe(before);
      expectClean(console);
    } finally {
      await console.close();
    }
  });

  it('creates a SailPoint import from a pasted sp-config document with options, after refusing bad ones', async () => {
    const console = await openConsole({ url: gateway.url, path: '/console?create=COMMERCE_LAYER' });
    const { page } = console;
    const sentOptions: unknown[] = [];
    page.on('request', (request) => {
      const body = JSON.parse(request.postData() ?? '{}') as {
        operationName?: string;
        variables?: { input?: { options?: unknown } };
      };
      if (body.operationName === 'CreateImport') sentOptions.push(body.variables?.input?.options);
    });
    try {
      await page.getByRole('link', { name: 'SailPoint' }).click();
      await page.waitForURL(/create=SAILPOINT/);
      const textarea = page.getByLabel('sp-config export (JSON)');
      const options = page.getByLabel('Import options (JSON, optional)');
      const submit = page.getByRole('button', { name: 'Create import' });
      await textarea.fill('{"objects": []}');
      await options.fill('{"includeTypes": "TRANSFORM"}');
      await submit.click();
      await expect
        .poll(() => page.locator('#sp-document-error').innerText())
        .toBe('The document holds no objects: there is nothing to import.');
      expect(await page.locator('#sp-options-error').innerText()).toBe(
        '"includeTypes" must be a list of object types as strings, e.g. ["SOURCE", "TRANSFORM"].',
      );
      expect(await page.locator('#sp-options').getAttribute('aria-invalid')).toBe('true');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      // A TRANSFORM and a RULE; the options keep only the TRANSFORM, so what SailPoint imported
      // tells that they reached it.
      const document = transformDocument('0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'Lower email');
      const rule = {
        version: 1,
        self: { type: 'RULE', id: '1f2e3d4c5b6a79880716253443526170', name: 'Skip rule' },
      };
      (document.objects as unknown[]).push({ ...rule, object: { name: 'Skip rule', type: 'BuildMap' } });
      await textarea.fill(JSON.stringify(document));
      await options.fill('{"includeTypes": ["TRANSFORM"], "excludeBackups": true}');
      await expect
        .poll(() => page.locator('.preview').innerText())
        .toBe(
          '2 objects: TRANSFORM, RULE.\nSailPoint ignores the option key "excludeBackups": check the spelling.',
        );
      await options.fill('{"includeTypes": ["TRANSFORM"], "excludeBackup": true}');
      await expect.poll(() => page.locator('.preview').innerText()).toBe('2 objects: TRANSFORM, RULE.');
      await submit.click();
      await page.waitForURL(/[?&]import=/, { timeout: 10_000 });
      expect(sentOptions).toEqual([{ includeTypes: ['TRANSFORM'], excludeBackup: true }]);
      await expect.poll(() => page.locator('h1').innerText()).toMatch(/^SailPoint import \S+/);
      await expect.poll(() => page.locator('.import-fields').innerText()).toMatch(/Vendor\s+SailPoint/);
      const jobId = (await page.locator('h1').innerText()).replace(/^SailPoint import /, '');
      const jobs = await gateway.control<{ jobId: string }[]>('sailpoint', 'GET', '/__sim/imports');
      expect(jobs.map((job) => job.jobId)).toContain(jobId);
      // SailPoint's own results (read from the simulator, not through the gateway, which looks
      // again only seconds later): only the TRANSFORM was imported.
      await advanceClock(gateway, 70_000);
      const sailpoint = gateway.simulators.sailpoint.url;
      const results = await get<{ results: Record<string, { importedObjects: { id: string }[] }> }>(
        sailpoint,
        `/v2025/sp-config/import/${jobId}/download`,
        await token(sailpoint),
      );
      expect(results.status).toBe(200);
      expect(Object.keys(results.body.results)).toEqual(['TRANSFORM']);
      expect(results.body.results.TRANSFORM!.importedObjects.map((object) => object.id)).toEqual([
        '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      ]);
      expectClean(console);
    } finally {
      await console.close();
    }
  });
});
