import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeImportId } from '../../src/imports/global-id.ts';
import { chromiumAvailable } from '../support/chromium.ts';
import {
  closeConsoleBrowser,
  expectClean,
  openConsole,
  seriousAccessibilityViolations,
} from '../support/console-browser.ts';
import { useGateway } from '../support/gateway.ts';
import { addCommerceLayerImport, advanceClock } from '../support/live-clients.ts';

const available = chromiumAvailable();
const gateway = useGateway({
  providers: ['commercelayer', 'fleetio'],
  imports: 2,
  gateway: { live: { activePollMs: 30, idlePollMs: 120, changePollMs: 40 } },
});

/** A finished Commerce Layer import whose logs hold `errors` errors and 2 warnings. */
async function finishedImportWithMessages(errors: number): Promise<{ id: string; providerId: string }> {
  const errorsLog = Object.fromEntries(
    Array.from({ length: errors }, (_, index) => [`SKU-${index}`, { code: ['has already been taken'] }]),
  );
  const created = await gateway.control<{ id: string; attributes: { created_at: string } }>(
    'commercelayer',
    'POST',
    '/__sim/imports',
    {
      status: 'completed',
      resource_type: 'skus',
      inputs_size: errors + 10,
      errors_count: errors,
      warnings_count: 2,
      processed_count: 10,
      errors_log: errorsLog,
      warnings_log: { 'SKU-W1': ['notes could not be updated'], 'SKU-W2': ['notes could not be updated'] },
    },
  );
  const providerId = created.id;
  const createdAt = new Date(created.attributes.created_at);
  return { id: encodeImportId({ provider: 'COMMERCE_LAYER', providerId, createdAt }), providerId };
}

/** The mutations the page sent, by operation name. */
function mutationsSent(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    const name = /"operationName":"(InterruptImport|DeleteImport)"/.exec(request.postData() ?? '')?.[1];
    if (name) sent.push(name);
  });
  return sent;
}

interface RecordsPage {
  edges: { node: { type: string; providerId: string; name: string | null } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A page of an import's records as the gateway answers it over HTTP, as the table's rows read. */
async function recordsPage(id: string, after?: string): Promise<{ rows: string[][]; page: RecordsPage }> {
  const answer = await gateway.graphql<{ import: { records: RecordsPage } }>(
    `query ($id: ID!, $after: String) { import(id: $id) { records(first: 25, after: $after) {
      edges { node { type providerId name } } pageInfo { hasNextPage endCursor } } } }`,
    { id, after },
  );
  const page = answer.data!.import.records;
  return {
    page,
    rows: page.edges.map(({ node }) => [node.type, node.providerId, node.name ?? '—']),
  };
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

describe.skipIf(!available)("the console's import detail", () => {
  afterAll(closeConsoleBrowser);

  it('shows the fields, the failure, messages paged and filtered by severity, at 360 px wide', async () => {
    const { id, providerId } = await finishedImportWithMessages(60);
    const console = await openConsole({
      url: gateway.url,
      path: `/console?import=${encodeURIComponent(id)}`,
      viewport: { width: 360, height: 740 },
    });
    const { page } = console;
    try {
      await expect.poll(() => page.locator('h1').innerText()).toBe(`Commerce Layer import ${providerId}`);
      const fields = page.locator('.import-fields');
      // The status once, above the fields; the fields hold the vendor's own word.
      expect(await page.locator('.detail-state').innerText()).toBe('Partly succeeded');
      expect(await fields.innerText()).toMatch(/Vendor's status\s+completed/);
      expect(await fields.innerText()).not.toMatch(/Partly succeeded/);
      expect(await fields.innerText()).toMatch(/10 of 70 processed, 60 errors/);
      expect(await page.locator('.failure').innerText()).toMatch(/rejected by vendor/);
      expect(await fields.locator('time').first().getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await page.locator('progress').getAttribute('value')).toBe('1');
      // Finished: nothing to interrupt; deleting is allowed.
      expect(await page.getByRole('button', { name: 'Interrupt' }).isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Delete' }).isVisible()).toBe(true);

      const summary = page.locator('.detail-section .help').first();
      await expect.poll(() => summary.innerText()).toBe('50 of 62 shown.');
      await page.getByRole('button', { name: 'Load more messages' }).click();
      await expect.poll(() => summary.innerText()).toBe('62 of 62 shown.');
      expect(await page.getByRole('button', { name: 'Load more messages' }).isVisible()).toBe(false);
      const first = await page.locator('.message').first().innerText();
      expect(first).toMatch(/Error\s+code\s+code has already been taken\s+field code · input SKU-\d+/);
      await expect.poll(() => page.locator('.records').isVisible()).toBe(false);
      expect(await page.locator('.detail-section').nth(1).innerText()).toMatch(
        /Records are not listed\. [A-Z].+\.$/,
      );
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.getByLabel('Error', { exact: true }).uncheck();
      await expect.poll(() => summary.innerText()).toBe('2 of 2 shown.');
      // In the URL: a reload shows the same messages.
      expect(new URL(page.url()).searchParams.getAll('severity')).toEqual(['WARNING', 'INFO']);
      await page.reload();
      await expect.poll(() => summary.innerText()).toBe('2 of 2 shown.');
      expect(await page.getByLabel('Error', { exact: true }).isChecked()).toBe(false);
      expect(
        await page
          .locator('.message')
          .evaluateAll((items) => items.map((item) => item.getAttribute('data-severity'))),
      ).toEqual(['WARNING', 'WARNING']);
      await page.getByLabel('Warning', { exact: true }).uncheck();
      await page.getByLabel('Info', { exact: true }).uncheck();
      await expect.poll(() => summary.innerText()).toBe('Choose at least one severity to see messages.');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expectClean(console);
    } finally {
      await console.close();
    }
  });

  it('interrupts a pending import after a confirmation; Escape and Cancel do nothing', async () => {
    const { id, providerId } = await addCommerceLayerImport(gateway, 50);
    const console = await openConsole({
      url: gateway.url,
      path: `/console?import=${encodeURIComponent(id)}`,
    });
    const { page } = console;
    const sent = mutationsSent(page);
    try {
      const interrupt = page.getByRole('button', { name: 'Interrupt', exact: true });
      await interrupt.waitFor();
      const dialog = page.getByRole('dialog', { name: 'Interrupt this import?' });

      await interrupt.click();
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain(`Interrupt the Commerce Layer import ${providerId}?`);
      expect(await dialog.innerText()).toContain('its status becomes Cancelled.');
      expect(await focusedText(page)).toBe('Cancel');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      await interrupt.click();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(sent).toEqual([]);
      expect(await page.locator('.detail-state').innerText()).not.toBe('Cancelled');

      await interrupt.click();
      await dialog.getByRole('button', { name: 'Interrupt import' }).click();
      await expect
        .poll(() => page.locator('.detail-state').innerText(), { timeout: 10_000 })
        .toBe('Cancelled');
      expect(sent).toEqual(['InterruptImport']);
      await expect.poll(() => interrupt.isVisible()).toBe(false);
      // The button left while it held the focus: Delete has it now, not the page's start.
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Delete');
      expect(await dialog.isVisible()).toBe(false);
      expect(await page.locator('.detail-state').innerText()).toBe('Cancelled');
      expectClean(console);
    } finally {
      await console.close();
    }
  });

  it('deletes after a confirmation, back to the same filtered list, and the import is gone', async () => {
    const { id, providerId } = await addCommerceLayerImport(gateway, 5);
    const console = await openConsole({
      url: gateway.url,
      path: `/console?vendor=COMMERCE_LAYER&import=${encodeURIComponent(id)}`,
    });
    const { page } = console;
    try {
      expect(await page.getByRole('link', { name: '← Back to the list' }).getAttribute('href')).toBe(
        '/console?vendor=COMMERCE_LAYER',
      );
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await page
        .getByRole('dialog', { name: 'Delete this import?' })
        .getByRole('button', { name: 'Delete import' })
        .click();
      await page.waitForURL((url) => url.search === '?vendor=COMMERCE_LAYER', { timeout: 10_000 });
      await expect
        .poll(() => page.locator('[role=status][aria-live=polite].visually-hidden').innerText())
        .toMatch(new RegExp(`^Deleted the Commerce Layer import ${providerId}\\.`));
      const left = await gateway.control<{ id: string }[]>('commercelayer', 'GET', '/__sim/imports');
      expect(left.map((each) => each.id)).not.toContain(providerId);
      expectClean(console);
    } finally {
      await console.close();
    }
  });

  it('follows the import live, shows its messages once it ends, and says so when it is deleted elsewhere', async () => {
    // One input without its code: an error the messages show once the import has ended.
    const inputs = Array.from({ length: 20 }, (_, index) => ({
      code: index === 7 ? '' : `LIVE-D-${index}`,
      name: 'ok',
    }));
    const created = await gateway.control<{ id: string; attributes: { created_at: string } }>(
      'commercelayer',
      'POST',
      '/__sim/imports',
      { status: 'pending', resource_type: 'skus', skip_errors: true, inputs },
    );
    const id = encodeImportId({
      provider: 'COMMERCE_LAYER',
      providerId: created.id,
      createdAt: new Date(created.attributes.created_at),
    });
    const console = await openConsole({
      url: gateway.url,
      path: `/console?import=${encodeURIComponent(id)}`,
    });
    const { page } = console;
    try {
      const state = page.locator('.detail-state');
      await expect.poll(() => state.innerText()).toBe('Pending');
      await expect
        .poll(
          async () => {
            await advanceClock(gateway, 3_000);
            return state.innerText();
          },
          { timeout: 15_000, interval: 200 },
        )
        .toBe('Partly succeeded');
      await expect
        .poll(() => page.locator('.message').allInnerTexts())
        .toEqual([expect.stringMatching(/^Error\s+code\s+code can't be blank/)]);
      const deleted = await gateway.graphql<{ deleteImport: { deletedId: string | null } }>(
        'mutation ($id: ID!) { deleteImport(input: { id: $id }) { deletedId } }',
        { id },
      );
      expect(deleted.data?.deleteImport.deletedId).toBe(id);
      await expect.poll(() => state.innerText(), { timeout: 10_000 }).toMatch(/^This import was deleted/);
      expect(await page.locator('.detail-body').isVisible()).toBe(false);
      expectClean(console);
    } finally {
      await console.close();
    }
  });

  it('lists the records a Fleetio import created, as the gateway answers them, and loads the next page', async () => {
    // A completed Fleetio import of 30 rows (Fleetio counts about 130 bytes a row, after a
    // 120-byte header): Fleetio lists the records they created, more than one page of 25.
    const created = await gateway.control<{ id: number; created_at: string }>(
      'fleetio',
      'POST',
      '/__sim/imports',
      {
        status: 'complete',
        file_size: String(120 + 130 * 30),
      },
    );
    const id = encodeImportId({
      provider: 'FLEETIO',
      providerId: String(created.id),
      createdAt: new Date(created.created_at),
    });
    const first = await recordsPage(id);
    expect(first.rows).toHaveLength(25);
    expect(first.page.pageInfo.hasNextPage).toBe(true);
    const second = await recordsPage(id, first.page.pageInfo.endCursor!);
    expect(second.rows.length).toBeGreaterThan(0);

    const console = await openConsole({
      url: gateway.url,
      path: `/console?import=${encodeURIComponent(id)}`,
    });
    const { page } = console;
    try {
      const table = page.locator('.records');
      const shownRows = () =>
        table
          .locator('tbody tr')
          .evaluateAll((rows) =>
            rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
          );
      await expect.poll(shownRows).toEqual(first.rows);
      const summary = page.locator('#records-heading ~ .help');
      expect(await summary.innerText()).toBe('25 shown.');
      const more = page.getByRole('button', { name: 'Load more records' });
      await more.click();
      await expect.poll(shownRows).toEqual([...first.rows, ...second.rows]);
      expect(await summary.innerText()).toBe(`${25 + second.rows.length} shown.`);
      // The second page was the last: nothing more to load.
      expect(second.page.pageInfo.hasNextPage).toBe(false);
      expect(await more.isVisible()).toBe(false);
      expectClean(console);
    } finally {
      await console.close();
    }
  });
});
