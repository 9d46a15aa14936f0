import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../src/config.ts';
import type { Locator, Page } from 'playwright-core';
import { chromiumAvailable } from '../support/chromium.ts';
import {
  closeConsoleBrowser,
  expectClean,
  openConsole,
  seriousAccessibilityViolations,
  type ConsolePage,
} from '../support/console-browser.ts';
import { useGateway } from '../support/gateway.ts';
import { addCommerceLayerImport, advanceClock } from '../support/live-clients.ts';

/**
 * The console's list in headless Chromium against a gateway and the three simulators (manual
 * clock, short live polls): what loads, filters in the URL, live changes without a reload, a
 * vendor failing beside the others, accessibility, and a 360 px wide screen.
 */
const available = chromiumAvailable();
const gateway = useGateway({
  imports: 10,
  gateway: { live: { activePollMs: 30, idlePollMs: 120, changePollMs: 40 } },
});

let opened: ConsolePage | undefined;
const open = async (path = '/console', viewport?: { width: number; height: number }) => {
  opened = await openConsole({ url: gateway.url, path, viewport });
  return opened;
};

/** What every page must end with: no error, nothing blocked by the CSP, nothing off loopback. */
const rows = (page: Page) => page.locator('.list-table tbody tr');
const rowOf = (page: Page, providerId: string) =>
  rows(page).filter({ has: page.locator('.list-id', { hasText: providerId }) });
const vendorsShown = async (page: Page) =>
  new Set(await page.locator('.list-table tbody .list-cell-vendor').allInnerTexts());
const caption = (page: Page) => page.locator('.list-table caption');
const announced = (page: Page) => page.locator('body > p[role="status"]');

async function listLoaded(page: Page): Promise<void> {
  await rows(page).first().waitFor({ timeout: 10_000 });
  await expect.poll(() => caption(page).innerText(), { timeout: 5_000 }).toMatch(/\d+ (or more )?imports/);
}

/** Advances the simulators' clock a step at a time until `check` holds (the page polls nothing itself). */
async function stepUntil(check: () => Promise<boolean>, stepMs = 5_000): Promise<void> {
  await expect
    .poll(
      async () => {
        if (await check()) return true;
        await advanceClock(gateway, stepMs);
        return check();
      },
      { timeout: 10_000, interval: 150 },
    )
    .toBe(true);
}

/** Waits for what the page shows after a live change (up to 5 s: events arrive within a poll or two). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 5_000 });

const textOf = (locator: Locator) => locator.innerText().catch(() => '');

describe.skipIf(!available)('the console list in headless Chromium', () => {
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });
  afterAll(closeConsoleBrowser);

  it('lists every vendor’s imports with their count, and loads the next page from the keyboard', async () => {
    const console = await open();
    const { page } = console;
    await listLoaded(page);
    expect(await vendorsShown(page)).toEqual(new Set(['Fleetio', 'SailPoint', 'Commerce Layer']));
    const truth = await gateway.graphql<{ imports: { totalCount: number } }>(
      '{ imports(first: 1) { totalCount } }',
    );
    expect(await caption(page).innerText()).toContain(`${truth.data!.imports.totalCount} imports`);
    expect(await rows(page).count()).toBe(25);
    // Each row leads to its detail, keeping the list's filters (none here).
    const link = rows(page).first().locator('a');
    expect(await link.getAttribute('href')).toMatch(/^\/console\?import=[^&]+$/);
    // Progress is a labelled bar or says it is not reported (words, no moving bar); times carry
    // their ISO instant.
    const progress = page.locator('.list-table progress').first();
    expect(await progress.getAttribute('aria-label')).toMatch(/^Progress of /);
    expect(await page.locator('.list-table progress:not([value])').count()).toBe(0);
    expect(await page.locator('.list-table time').first().getAttribute('datetime')).toMatch(
      /^\d{4}-\d\d-\d\dT/,
    );

    // The keyboard way to the next page: the button, as often as it takes (other tests add imports
    // to this gateway); at the end the focus lands on the end-of-list line.
    const status = page.locator('.list-pager-status');
    await expect
      .poll(
        async () => {
          if (/End of the list/.test(await textOf(status))) return true;
          const shown = await rows(page).count();
          await page.locator('#list-more').focus();
          await page.keyboard.press('Enter');
          await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBeGreaterThan(shown);
          return false;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const total = await gateway.graphql<{ imports: { totalCount: number } }>(
      '{ imports(first: 1) { totalCount } }',
    );
    expect(await rows(page).count()).toBe(total.data!.imports.totalCount);
    expect(await page.locator('#list-more').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('list-pager-status');

    // To a detail and back: the focus starts on each view's heading, the title names the view.
    const focusedHeading = () =>
      page.evaluate(() => (document.activeElement?.tagName === 'H1' ? document.activeElement.id : ''));
    await link.click();
    await poll(focusedHeading).toBe('detail-heading');
    // The gateway's id at first, the vendor's words once the import is loaded.
    await poll(() => page.title()).toMatch(
      /^(Fleetio|SailPoint|Commerce Layer) import \S+ · Import gateway$/,
    );
    await page.goBack();
    await poll(focusedHeading).toBe('list-title');
    expect(await page.title()).toBe('Imports · Import gateway');
    expectClean(console);
  });

  it('narrows the list with a filter kept in the URL, through a reload, and refuses a reversed date range', async () => {
    const console = await open();
    const { page } = console;
    await listLoaded(page);
    await page.getByRole('checkbox', { name: 'Fleetio' }).check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\?vendor=FLEETIO$/);
    await poll(() => vendorsShown(page)).toEqual(new Set(['Fleetio']));
    // The focus stays on the button that applied the filters.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-apply');
    expect(await rows(page).first().locator('a').getAttribute('href')).toMatch(
      /&vendor=FLEETIO$|vendor=FLEETIO&/,
    );

    await page.reload();
    await listLoaded(page);
    expect(await page.getByRole('checkbox', { name: 'Fleetio' }).isChecked()).toBe(true);
    expect(await vendorsShown(page)).toEqual(new Set(['Fleetio']));

    await page.getByLabel('Created from (UTC)').fill('2026-12-05');
    await page.getByLabel('Created to (UTC)').fill('2026-12-01');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => textOf(page.getByRole('alert').first())).toMatch(
      /“Created from” .* is after “Created to”/,
    );
    expect(page.url()).toMatch(/\?vendor=FLEETIO$/);
    expect(await page.getByLabel('Created from (UTC)').getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL(/\/console$/);
    await poll(() => vendorsShown(page)).toEqual(new Set(['Fleetio', 'SailPoint', 'Commerce Layer']));
    expectClean(console);
  });

  it('changes a row’s status in place, without a reload, as the vendor moves on', async () => {
    const added = await addCommerceLayerImport(gateway, 40);
    const console = await open();
    const { page } = console;
    await listLoaded(page);
    const row = rowOf(page, added.providerId);
    await row.waitFor();
    expect(await row.locator('.status').innerText()).toBe('Pending');
    // Marks that a reload or a rebuilt row would lose.
    await page.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
    await row.evaluate((element) => element.setAttribute('data-kept', 'yes'));
    await row.locator('a').focus();

    await stepUntil(async () => (await textOf(row.locator('.status'))) === 'Running', 3_000);
    await stepUntil(async () => Number(await row.locator('progress').getAttribute('value')) > 0, 3_000);
    await stepUntil(async () => (await textOf(row.locator('.status'))) === 'Succeeded', 30_000);
    expect(await row.locator('.list-progress-text').innerText()).toMatch(/^100 %/);
    expect(await row.getAttribute('data-kept')).toBe('yes');
    expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
    // The focus stayed on the row's link through every change.
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.dataset.id)).toBe(added.id);
    expectClean(console);
  });

  it('shows a new import in its place without a reload or a refetch, and drops a deleted one', async () => {
    const console = await open();
    const { page } = console;
    await listLoaded(page);
    const countBefore = Number(/(\d+) imports/.exec(await caption(page).innerText())![1]);
    const before = await rows(page).count();
    await page.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
    // The event itself puts the import in the list: no page of the list is asked for again.
    const listRequests: string[] = [];
    page.on('request', (request) => {
      if (request.postData()?.includes('ImportsPage')) listRequests.push(request.url());
    });

    const added = await addCommerceLayerImport(gateway);
    await rowOf(page, added.providerId).waitFor({ timeout: 10_000 });
    // In its place in the list's order, newest first: above every import created before it.
    const shown = await rows(page).evaluateAll((elements) =>
      elements.map((row) => ({
        id: (row as HTMLElement).dataset.id,
        created: row.querySelector('.list-cell-created time')?.getAttribute('datetime') ?? '',
      })),
    );
    const at = shown.findIndex((row) => row.id === added.id);
    const created = shown[at]!.created;
    expect(shown.slice(0, at).every((row) => row.created >= created)).toBe(true);
    expect(shown.slice(at + 1).every((row) => row.created <= created)).toBe(true);
    expect(await rows(page).count()).toBe(before + 1);
    expect(await caption(page).innerText()).toContain(`${countBefore + 1} imports`);
    await poll(() => announced(page).innerText()).toMatch(/new import/);

    const deleted = await gateway.graphql<{ deleteImport: { deletedId: string | null } }>(
      'mutation ($id: ID!) { deleteImport(input: { id: $id }) { deletedId } }',
      { id: added.id },
    );
    expect(deleted.data?.deleteImport.deletedId).toBe(added.id);
    await rowOf(page, added.providerId).waitFor({ state: 'detached', timeout: 10_000 });
    expect(await rows(page).count()).toBe(before);
    expect(await caption(page).innerText()).toContain(`${countBefore} imports`);
    // A row leaving is not a reload: nothing says the list was reloaded after reconnecting.
    expect(await page.locator('.list-stale').isVisible()).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
    expect(listRequests).toEqual([]);
    expectClean(console);
  });

  it('lets an import into a list of running imports once it starts running', async () => {
    const console = await open('/console?status=RUNNING');
    const { page } = console;
    await listLoaded(page);
    const added = await addCommerceLayerImport(gateway, 40);
    const row = rowOf(page, added.providerId);
    // Pending: not in this list; running: in it, without a reload.
    await stepUntil(async () => (await row.count()) === 1, 3_000);
    expect(await row.locator('.status').innerText()).toBe('Running');
    expect(new Set(await page.locator('.list-table tbody .status').allInnerTexts()).has('Pending')).toBe(
      false,
    );
    expectClean(console);
  });

  it('says which vendor is not set up on the gateway', async () => {
    const instance = await gateway.startInstance({
      configure: (config) => ({ ...config, fleetio: undefined }),
    });
    try {
      opened = await openConsole({ url: instance.url });
      const console = opened;
      await listLoaded(console.page);
      const notice = console.page.locator('.list-source[data-state="disabled"]');
      expect(await notice.innerText()).toBe(
        'Fleetio: not set up on this gateway, so none of its imports are listed.',
      );
      // (This instance's store knows no SailPoint job: those are registered by hand in tests.)
      const vendors = await vendorsShown(console.page);
      expect(vendors.has('Commerce Layer')).toBe(true);
      expect(vendors.has('Fleetio')).toBe(false);
      expectClean(console);
    } finally {
      await instance.close();
    }
  });

  it('shows a failing vendor with its retry hint while the others’ rows stay, and passes axe', async () => {
    await gateway.control('fleetio', 'PUT', '/__sim/faults', {
      errorRate: 1,
      errorStatus: 503,
      retryAfterSeconds: 30,
    });
    try {
      const console = await open();
      const { page } = console;
      await listLoaded(page);
      const notice = page.locator('.list-source[data-state="failed"]');
      await notice.waitFor();
      expect(await notice.innerText()).toMatch(/^Fleetio: unavailable, its imports are missing/);
      expect(await notice.innerText()).toMatch(/Try again in 30 seconds/);
      expect(await vendorsShown(page)).toEqual(new Set(['SailPoint', 'Commerce Layer']));
      expect(await caption(page).innerText()).toMatch(/or more imports/);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await gateway.control('fleetio', 'DELETE', '/__sim/faults');
      await page.getByRole('button', { name: 'Retry Fleetio' }).click();
      await expect
        .poll(() => vendorsShown(page), { timeout: 10_000 })
        .toEqual(new Set(['Fleetio', 'SailPoint', 'Commerce Layer']));
      expect(await notice.count()).toBe(0);
      expectClean(console);
    } finally {
      await gateway.control('fleetio', 'DELETE', '/__sim/faults');
    }
  });

  it('fits a 360 px wide screen: stacked rows, the next page on scrolling, usable filters, no sideways scroll, no axe violation', async () => {
    const console = await open('/console', { width: 360, height: 740 });
    const { page } = console;
    await listLoaded(page);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await overflow()).toBeLessThanOrEqual(360);
    const first = rows(page).first();
    const box = await first.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(360);
    // Stacked: each cell on a line of its own, under the one before.
    const vendor = await first.locator('.list-cell-vendor').boundingBox();
    const status = await first.locator('.list-cell-status').boundingBox();
    expect(status!.y).toBeGreaterThanOrEqual(vendor!.y + vendor!.height);
    expect(await page.locator('.list-table thead').boundingBox()).toMatchObject({ width: 1, height: 1 });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // Scrolling to the end loads the next page.
    const total = Number(/(\d+) imports/.exec(await caption(page).innerText())![1]);
    await page.locator('.list-pager').scrollIntoViewIfNeeded();
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBeGreaterThan(25);
    await poll(() => page.locator('.list-pager-status').innerText()).toMatch(/End of the list/);
    expect(await rows(page).count()).toBeGreaterThanOrEqual(total);
    expect(await overflow()).toBeLessThanOrEqual(360);

    // The filters are folded under their summary, which opens them.
    await page.locator('summary', { hasText: 'Filters' }).click();
    await page.getByRole('checkbox', { name: 'Commerce Layer' }).check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\?vendor=COMMERCE_LAYER$/);
    await poll(() => vendorsShown(page)).toEqual(new Set(['Commerce Layer']));
    expect(await overflow()).toBeLessThanOrEqual(360);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expectClean(console);
  });

  it('resumes after the gateway restarts: says the list failed meanwhile, then catches up with `after`', async () => {
    // An instance of its own and a data folder, so the event log it resumes from is the same after
    // a restart; the restart takes the port the first start got, so the page finds it again.
    const dataDir = mkdtempSync(join(tmpdir(), 'console-list-'));
    let port = 0;
    const configure = (config: GatewayConfig) => ({ ...config, port, dataDir });
    let instance = await gateway.startInstance({ configure });
    port = Number(new URL(instance.url).port);
    try {
      opened = await openConsole({ url: instance.url });
      const console = opened;
      const { page } = console;
      const subscribes: string[] = [];
      page.on('websocket', (socket) =>
        socket.on('framesent', ({ payload }) => {
          if (typeof payload === 'string' && payload.includes('"subscribe"')) subscribes.push(payload);
        }),
      );
      await listLoaded(page);
      const connection = page.locator('#connection');
      await poll(() => connection.innerText()).toBe('Live');
      // One event received before the drop, to resume after.
      const first = await addCommerceLayerImport(gateway);
      await rowOf(page, first.providerId).waitFor({ timeout: 10_000 });

      await instance.close();
      await poll(() => connection.innerText()).toBe('Reconnecting…');
      // The kit's refetch on its next try fails: the rows shown stay, said to be not current in a
      // status (not an alert, not "could not be loaded").
      await expect
        .poll(() => textOf(page.locator('.list-stale')), { timeout: 15_000 })
        .toMatch(/^Not current: the gateway could not be reached/);
      expect(await rowOf(page, first.providerId).count()).toBe(1);
      expect(await page.locator('.list-problem').isHidden()).toBe(true);
      expect(await caption(page).innerText()).toMatch(/\d+ imports/);
      // A request while the gateway is down: the list says so in words, with a Retry.
      await page.getByRole('checkbox', { name: 'Commerce Layer' }).check();
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const problem = page.locator('.list-problem');
      await poll(() => textOf(problem)).toMatch(/could not be loaded.*could not be reached/s);
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await problem.getByRole('button', { name: 'Retry' }).click();
      await poll(() => requests.filter((url) => url.endsWith('/graphql')).length).toBeGreaterThan(0);
      await poll(() => textOf(problem)).toMatch(/could not be reached/);
      // Meanwhile the first import runs on and another one is created.
      await advanceClock(gateway, 10_000);
      const second = await addCommerceLayerImport(gateway);

      // Back: the page connects again by itself, resumes the events and refetches the list.
      instance = await restartOnSamePort(() => gateway.startInstance({ configure }));
      await expect.poll(() => connection.innerText(), { timeout: 15_000 }).toBe('Live');
      await rowOf(page, second.providerId).waitFor({ timeout: 10_000 });
      await poll(() => problem.isHidden()).toBe(true);
      await stepUntil(
        async () => (await textOf(rowOf(page, first.providerId).locator('.status'))) !== 'Pending',
      );
      // Every subscription after the restart (the first socket opened before the test listened)
      // resumed after an event the page had: one, or more when a socket to the starting gateway
      // closed once more and the kit subscribed again (CI saw two on a loaded machine).
      const resumed = subscribes.filter((payload) => payload.includes('ImportsChanged'));
      expect(resumed.length).toBeGreaterThanOrEqual(1);
      for (const payload of resumed) expect(payload).toMatch(/"after":"[^"]+"/);
      expectClean(console);
    } finally {
      await instance.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/**
 * Starts the instance again on the port it had. Another process on this shared machine may hold
 * that port for a moment (e.g. a client's outgoing connection): tried again a few times.
 */
async function restartOnSamePort<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}
