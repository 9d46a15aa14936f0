import { afterAll, describe, expect, it } from 'vitest';
import { encodeImportId } from '../../src/imports/global-id.ts';
import { useGateway } from '../support/gateway.ts';
import {
  addCommerceLayerImport,
  driveToEnd,
  IMPORT_UPDATED,
  subscribeWs,
  wsClient,
  type ImportView,
} from '../support/live-clients.ts';

/** Polls every 30 ms so tests run on the simulator's manual clock without waiting. */
const FAST_LIVE = { activePollMs: 30, idlePollMs: 120, changePollMs: 40, maxBackoffMs: 500 };

const gateway = useGateway({
  providers: ['commercelayer', 'fleetio'],
  imports: 10,
  gateway: { live: FAST_LIVE },
});

const clients: ReturnType<typeof wsClient>[] = [];
afterAll(async () => {
  await Promise.all(
    clients.map(async (client) => {
      await client.dispose();
    }),
  );
});

function client() {
  const created = wsClient(gateway.url);
  clients.push(created);
  return created;
}

describe('importUpdated over WebSocket', () => {
  it('watches a created Commerce Layer import from PENDING through RUNNING to SUCCEEDED, then completes', async () => {
    const { id } = await addCommerceLayerImport(gateway);
    const subscription = subscribeWs<{ importUpdated: ImportView }>(client(), IMPORT_UPDATED, { id });
    await subscription.until((s) => s.results.length >= 1);
    expect(subscription.data[0]!.importUpdated.status).toBe('PENDING');

    await driveToEnd(gateway, subscription);
    await subscription.untilCompleted();
    expect(subscription.failure).toBeUndefined();
    expect(subscription.results.every((result) => result.errors === undefined)).toBe(true);
    const states = subscription.data.map((data) => data.importUpdated);
    const statuses = states
      .map((state) => state.status)
      .filter((status, index, all) => status !== all[index - 1]);
    expect(statuses).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
    // Counts rise while it runs, one event per observed change.
    const processed = states.map((state) => state.counts.processed ?? 0);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    expect(new Set(processed).size).toBeGreaterThan(2);
    expect(states.at(-1)).toMatchObject({
      terminal: true,
      progress: 1,
      counts: { processed: 20, errors: 0 },
    });
  });

  it('answers NOT_FOUND, then completes, for an import that does not exist', async () => {
    const id = encodeImportId({ provider: 'COMMERCE_LAYER', providerId: 'NoSuchImp', createdAt: new Date() });
    const subscription = subscribeWs<{ importUpdated: ImportView }>(client(), IMPORT_UPDATED, { id });
    await subscription.untilCompleted();
    expect(subscription.results).toHaveLength(1);
    expect(subscription.results[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
