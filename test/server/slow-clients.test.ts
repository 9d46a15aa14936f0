import { afterAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { addCommerceLayerImport, subscribeSse, subscribeWs, wsClient } from '../support/live-clients.ts';
import { capturingLogger } from '../support/log-capture.ts';
import { clStateSender, RawSseClient, RawWsClient, sendUntil } from '../support/slow-clients.ts';
import { waitFor } from '../support/wait.ts';

const SECRET = 'cl-webhook-secret-for-slow-client-tests';
const logs = capturingLogger();

/**
 * Events come from signed webhooks only (polls wait a minute), 256 KiB each, so a few dozen fill
 * any kernel's socket buffers; a connection may then have 4 more waiting before it is dropped.
 */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  env: { COMMERCELAYER_WEBHOOK_SECRET: SECRET },
  gateway: { maxQueuedEvents: 4, live: { activePollMs: 60_000, idlePollMs: 60_000, changePollMs: 60_000 } },
  log: logs.log,
});
const PADDING = 256 * 1024;

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const said = (message: string) => () => logs.messages().includes(message);
const processed = (data: { counts: { processed: number | null } }[]) =>
  data.map((state) => state.counts.processed);

const CHANGES = `subscription { importsChanged(filter: { providers: [COMMERCE_LAYER] }) {
  kind import { providerId resourceType counts { processed } } } }`;
const UPDATES = `subscription ($id: ID!) { importUpdated(id: $id) { providerId resourceType counts { processed } } }`;

interface ImportState {
  providerId: string;
  counts: { processed: number | null };
}

describe('a slow SSE client', () => {
  it('is cut once its backlog is full, while another subscriber receives every event', async () => {
    const { providerId } = await addCommerceLayerImport(gateway, 5);
    const states = await clStateSender(gateway, providerId, SECRET, PADDING);
    const healthy = subscribeSse<{ importsChanged: { import: ImportState } }>(gateway.url, CHANGES);
    cleanups.push(() => healthy.cancel());
    const slow = await RawSseClient.open(gateway.url, { query: CHANGES });
    cleanups.push(() => slow.close());
    // One event each first: both subscriptions are live before the slow one stops reading.
    await sendUntil(states, () => healthy.results.length > 0 && slow.events.length > 0, 20);
    await healthy.until((s) => s.results.length === states.sent);
    slow.pause();

    await sendUntil(states, said('cutting an SSE client that does not keep up'), 200);
    await states.send(); // and life goes on for the others
    await healthy.until((s) => s.results.length === states.sent);
    expect(processed(healthy.data.map((data) => data.importsChanged.import))).toEqual(
      Array.from({ length: states.sent }, (_, index) => index + 1),
    );
    expect(healthy.completed).toBe(false);

    // Reading again, the slow client gets what was already on its way, then the end of the stream.
    slow.resume();
    await waitFor('the cut stream to end', () => slow.ended);
    expect(slow.events.length).toBeLessThan(states.sent);
    expect(slow.events.every((event) => event.event === 'next')).toBe(true);
  });
});

describe('a slow WebSocket client', () => {
  it('is closed with 1008 and a reason it reads once it reads again; the other client gets every event', async () => {
    const { id, providerId } = await addCommerceLayerImport(gateway, 5);
    const states = await clStateSender(gateway, providerId, SECRET, PADDING);
    const client = wsClient(gateway.url);
    cleanups.push(() => client.dispose());
    const healthy = subscribeWs<{ importUpdated: ImportState }>(client, UPDATES, { id });
    const slow = await RawWsClient.subscribe(gateway.url, { query: UPDATES, variables: { id } });
    cleanups.push(() => slow.close());
    // Both start with the current state (pending, no counts yet), then the slow one stops reading.
    await healthy.until((s) => s.results.length === 1);
    await waitFor('the slow client to get the current state', () => slow.nexts.length === 1);
    slow.pause();

    await sendUntil(states, said('dropping a WebSocket client that does not keep up'), 200);
    await states.send();
    await healthy.until((s) => s.results.length === states.sent + 1);
    // A pending Commerce Layer import has no counts yet (null), then each webhook's count.
    expect(processed(healthy.data.map((data) => data.importUpdated))).toEqual(
      Array.from({ length: states.sent + 1 }, (_, index) => (index === 0 ? null : index)),
    );

    // Stalled for longer than a second after the drop (the old cut-off), it still learns why.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    slow.resume();
    const closed = await waitFor('the slow client to be closed', () => slow.closed);
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/^Too slow: \d+ events were waiting to be sent$/);
    expect(slow.nexts.length).toBeLessThan(states.sent + 1);
    expect(healthy.completed).toBe(false);
  });
});
