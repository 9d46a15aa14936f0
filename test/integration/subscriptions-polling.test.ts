import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import {
  addCommerceLayerImport,
  driveToEnd,
  IMPORT_UPDATED,
  subscribeWs,
  wsClient,
  type ImportView,
} from '../support/live-clients.ts';
import { waitFor } from '../support/wait.ts';

const POLL_MS = 100;

/** Every watched import is polled every 100 ms, changed or not; failures back off up to a minute. */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  gateway: {
    live: { activePollMs: POLL_MS, idlePollMs: POLL_MS, changePollMs: 60_000, maxBackoffMs: 60_000 },
  },
});

let client: ReturnType<typeof wsClient>;
beforeAll(() => {
  client = wsClient(gateway.url);
});
afterAll(async () => {
  await client.dispose();
});

/** Commerce Layer list requests (`GET /api/imports`, with or without an id filter) since the last reset. */
const listRequests = async () => (await gateway.stats()).commercelayer['GET /api/imports'] ?? 0;
const during = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function watched(size = 5) {
  const { id } = await addCommerceLayerImport(gateway, size);
  const updates = subscribeWs<{ importUpdated: ImportView }>(client, IMPORT_UPDATED, { id });
  await updates.until((s) => s.results.length === 1);
  return updates;
}

describe('the watcher', () => {
  it('polls several watched Commerce Layer imports with one id_in request per round', async () => {
    const all = await Promise.all([watched(), watched(), watched()]);
    await gateway.resetStats();
    await during(POLL_MS * 20);
    const requests = await listRequests();
    // One request per interval for the three of them, not three (a little slack for timer drift).
    expect(requests).toBeGreaterThanOrEqual(5);
    expect(requests).toBeLessThanOrEqual(22);
    for (const updates of all) updates.cancel();
  });

  it('stops polling an import once it is terminal', async () => {
    const updates = await watched();
    await driveToEnd(gateway, updates);
    await updates.untilCompleted();
    expect(updates.data.at(-1)!.importUpdated.terminal).toBe(true);
    await gateway.resetStats();
    await during(POLL_MS * 10);
    expect(await listRequests()).toBe(0);
  });

  it('stops polling an import nobody watches any more', async () => {
    const updates = await watched();
    expect(await listRequests()).toBeGreaterThan(0);
    updates.cancel();
    await waitFor('the watch to end', () => gateway.gateway.live.imports.watchedImports === 0);
    await gateway.resetStats();
    await during(POLL_MS * 10);
    expect(await listRequests()).toBe(0);
  });
  // Last: the provider's polls stay paused for the Retry-After.
  it('backs off while the vendor answers 429, never sooner than its Retry-After', async () => {
    const updates = await watched();
    await gateway.resetStats();
    await gateway.control('commercelayer', 'PUT', '/__sim/faults', {
      errorRate: 1,
      errorStatus: 429,
      retryAfterSeconds: 30,
    });
    try {
      await waitFor('a poll to meet the 429', async () => (await listRequests()) > 0);
      const failed = await listRequests();
      // Without a back-off this would be another 15 polls.
      await during(POLL_MS * 15);
      expect(await listRequests()).toBe(failed);
    } finally {
      await gateway.control('commercelayer', 'DELETE', '/__sim/faults');
    }
    expect(updates.completed).toBe(false);
    updates.cancel();
  });
});
