import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { addCommerceLayerImport, stepClock, subscribeWs, wsClient } from '../support/live-clients.ts';

const DEADLINE_MS = 300;

/** A short deadline per operation, and fast polls on the simulator's manual clock. */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  gateway: {
    requestDeadlineMs: DEADLINE_MS,
    live: { activePollMs: 30, idlePollMs: 120, changePollMs: 40, maxBackoffMs: 500 },
  },
});

let client: ReturnType<typeof wsClient>;
beforeAll(() => {
  client = wsClient(gateway.url);
});
afterAll(async () => {
  await client.dispose();
});

/** Each event reads the import's messages from Commerce Layer: a vendor call per event. */
const WITH_MESSAGES = `subscription ($id: ID!) {
  importUpdated(id: $id) { status counts { processed } messages(first: 5) { nodes { severity text } } }
}`;

interface State {
  importUpdated: { status: string; counts: { processed: number }; messages: { nodes: unknown[] } } | null;
}

describe('deadlines on live connections', () => {
  it('apply to each event of a subscription, not to the subscription as a whole', async () => {
    // Long enough (50 rows) that it is still running after the slow step below.
    const { id } = await addCommerceLayerImport(gateway, 50);
    const updates = subscribeWs<State>(client, WITH_MESSAGES, { id });
    await updates.until((s) => s.results.length === 1);
    const subscribedAt = Date.now();
    // The subscription outlives one deadline...
    await new Promise((resolve) => setTimeout(resolve, DEADLINE_MS + 100));
    for (
      let step = 0;
      step < 20 && !updates.results.some((r) => r.data?.importUpdated?.status === 'RUNNING');
      step++
    )
      await stepClock(gateway, updates, 3_000);
    // ...and an event after it still has the whole deadline for its vendor call.
    const later = updates.results.slice(1);
    expect(later.length).toBeGreaterThan(0);
    expect(Date.now() - subscribedAt).toBeGreaterThan(DEADLINE_MS);
    for (const result of later) {
      expect(result.errors).toBeUndefined();
      expect(result.data!.importUpdated!.messages.nodes).toEqual([]);
    }

    // An event whose vendor call outlasts the deadline carries the error; the subscription goes on.
    await gateway.control('commercelayer', 'PUT', '/__sim/faults', { latencyMs: DEADLINE_MS * 2 });
    const before = updates.results.length;
    await stepClock(gateway, updates, 3_000);
    await updates.until((s) => s.results.length > before, 5_000);
    expect(updates.results[before]!.errors?.[0]).toMatchObject({
      path: ['importUpdated', 'messages'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(updates.completed).toBe(false);
    await gateway.control('commercelayer', 'DELETE', '/__sim/faults');

    for (let step = 0; step < 100 && !updates.completed; step++) await stepClock(gateway, updates, 3_000);
    await updates.untilCompleted();
    expect(updates.results.at(-1)!.errors).toBeUndefined();
    expect(updates.results.at(-1)!.data!.importUpdated!.status).toBe('SUCCEEDED');
  });
});
