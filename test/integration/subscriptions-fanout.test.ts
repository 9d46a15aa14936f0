import { afterAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import {
  addCommerceLayerImport,
  advanceClock,
  IMPORT_UPDATED,
  subscribeWs,
  wsClient,
  type ImportView,
} from '../support/live-clients.ts';

/**
 * One poll every 3 s: far longer than subscribing 200 connected clients takes, even on a slow
 * machine, so each run below polls exactly twice (when the watch starts, then once after the
 * clock moved), and the vendor requests compared are the watcher's, not an accident of timing.
 */
const POLL_MS = 3_000;
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  gateway: { live: { activePollMs: POLL_MS, idlePollMs: POLL_MS } },
});

const clients: ReturnType<typeof wsClient>[] = [];
afterAll(async () => {
  await Promise.all(
    clients.map(async (client) => {
      await client.dispose();
    }),
  );
});

/**
 * Watches a new import with `subscribers` WebSocket clients from PENDING to its end. Every client
 * is connected (connection_init acknowledged) before the import exists, and every one has its
 * first state before the simulated clock moves.
 */
async function watchWith(subscribers: number) {
  const connected = Array.from({ length: subscribers }, () => {
    const client = wsClient(gateway.url, { lazy: false });
    clients.push(client);
    return new Promise<ReturnType<typeof wsClient>>((resolve) =>
      client.on('connected', () => resolve(client)),
    );
  });
  const ready = await Promise.all(connected);
  const { id } = await addCommerceLayerImport(gateway);
  await gateway.resetStats();
  const subscriptions = ready.map((client) =>
    subscribeWs<{ importUpdated: ImportView }>(client, IMPORT_UPDATED, { id }),
  );
  const started = Date.now();
  await Promise.all(subscriptions.map((subscription) => subscription.until((s) => s.results.length >= 1)));
  const atStart = { ...(await gateway.stats()).commercelayer };
  // Still within the first interval: otherwise a second poll of PENDING would skew the counts.
  expect(Date.now() - started).toBeLessThan(POLL_MS);
  await advanceClock(gateway, 60_000);
  await Promise.all(subscriptions.map((subscription) => subscription.untilCompleted()));
  const atEnd = (await gateway.stats()).commercelayer;
  return { atStart, atEnd, subscriptions };
}

describe('shared polls', () => {
  it('costs the same vendor requests for 200 subscribers on one import as for 1', async () => {
    const one = await watchWith(1);
    const many = await watchWith(200);
    expect(one.atStart['GET /api/imports']).toBe(1);
    expect(many.atStart['GET /api/imports']).toBe(one.atStart['GET /api/imports']);
    expect(one.atEnd['GET /api/imports']).toBe(2);
    expect(many.atEnd['GET /api/imports']).toBe(one.atEnd['GET /api/imports']);
    // Every subscriber saw the same states: PENDING, then SUCCEEDED, then completion.
    const expected = JSON.stringify(many.subscriptions[0]!.data);
    expect(many.subscriptions[0]!.data.map((data) => data.importUpdated.status)).toEqual([
      'PENDING',
      'SUCCEEDED',
    ]);
    for (const subscription of many.subscriptions) expect(JSON.stringify(subscription.data)).toBe(expected);
  });
});
