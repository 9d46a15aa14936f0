import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useGateway } from '../support/gateway.ts';
import { addCommerceLayerImport } from '../support/live-clients.ts';
import { clStateSender } from '../support/slow-clients.ts';
import { waitFor } from '../support/wait.ts';

const SECRET = 'cl-webhook-secret-for-broadcast-tests';

/** Events come from signed webhooks only (polls wait a minute), one per `send`. */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  env: { COMMERCELAYER_WEBHOOK_SECRET: SECRET },
  gateway: { live: { activePollMs: 60_000, idlePollMs: 60_000, changePollMs: 60_000 } },
});

const UPDATES = `subscription ($id: ID!) { importUpdated(id: $id) { providerId status counts { processed } } }`;

interface Frame {
  id?: string;
  type: string;
  payload?: { data?: { importUpdated: { counts: { processed: number | null } } } };
}

/** One socket speaking graphql-transport-ws by hand, so that every frame and its id can be seen. */
class ProtocolSocket {
  readonly frames: Frame[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.frames.push(JSON.parse(data.toString('utf8')) as Frame));
  }

  static async open(url: string): Promise<ProtocolSocket> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const client = new ProtocolSocket(socket);
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await waitFor('the connection to be acknowledged', () =>
      client.frames.some((frame) => frame.type === 'connection_ack'),
    );
    return client;
  }

  subscribe(id: string, query: string, variables: Record<string, unknown>): void {
    this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  }

  complete(id: string): void {
    this.socket.send(JSON.stringify({ id, type: 'complete' }));
  }

  /** `processed` of each `next` frame of subscription `id`, in order. */
  processed(id: string): (number | null)[] {
    return this.frames
      .filter((frame) => frame.id === id && frame.type === 'next')
      .map((frame) => frame.payload?.data?.importUpdated.counts.processed ?? null);
  }

  close(): void {
    this.socket.terminate();
  }
}

const sockets: ProtocolSocket[] = [];
afterAll(() => {
  for (const socket of sockets) socket.close();
});

describe('subscriptions of one document, variables and caller on one WebSocket', () => {
  it('each get every event under their own id, and a complete stops only its own', async () => {
    const { id, providerId } = await addCommerceLayerImport(gateway, 5);
    const states = await clStateSender(gateway, providerId, SECRET);
    const socket = await ProtocolSocket.open(gateway.url);
    sockets.push(socket);
    const ids = Array.from({ length: 50 }, (_, index) => `watch-${index}`);
    for (const subscription of ids) socket.subscribe(subscription, UPDATES, { id });
    // The current state first (a pending Commerce Layer import has no counts yet).
    await waitFor('every subscription to get the current state', () =>
      ids.every((subscription) => socket.processed(subscription).length === 1),
    );

    await states.send();
    await waitFor('every subscription to get the first change', () =>
      ids.every((subscription) => socket.processed(subscription).length === 2),
    );
    const stopped = ids[7]!;
    socket.complete(stopped);
    await states.send();
    const others = ids.filter((subscription) => subscription !== stopped);
    await waitFor('the others to get the second change', () =>
      others.every((subscription) => socket.processed(subscription).length === 3),
    );

    for (const subscription of others) expect(socket.processed(subscription)).toEqual([null, 1, 2]);
    expect(socket.processed(stopped)).toEqual([null, 1]);
    // Nothing but `next` frames of the ids it subscribed: no `complete` or `error` for the others.
    const kinds = socket.frames.filter((frame) => frame.type !== 'connection_ack');
    expect(kinds.every((frame) => frame.type === 'next' && ids.includes(frame.id!))).toBe(true);
  });

  it('a subscription that joins later starts with the latest state, then gets the same events', async () => {
    const { id, providerId } = await addCommerceLayerImport(gateway, 5);
    const states = await clStateSender(gateway, providerId, SECRET);
    const first = await ProtocolSocket.open(gateway.url);
    const second = await ProtocolSocket.open(gateway.url);
    sockets.push(first, second);
    first.subscribe('early', UPDATES, { id });
    await waitFor(
      'the early subscription to get the current state',
      () => first.processed('early').length === 1,
    );
    await states.send();
    await states.send();
    await waitFor('the early subscription to get two changes', () => first.processed('early').length === 3);

    second.subscribe('late', UPDATES, { id });
    await waitFor(
      'the late subscription to get the latest state',
      () => second.processed('late').length === 1,
    );
    await states.send();
    await waitFor(
      'both to get the next change',
      () => first.processed('early').length === 4 && second.processed('late').length === 2,
    );
    expect(first.processed('early')).toEqual([null, 1, 2, 3]);
    expect(second.processed('late')).toEqual([2, 3]);
  });

  it('the last subscription leaving ends the stream, and a new one starts from the current state', async () => {
    const { id, providerId } = await addCommerceLayerImport(gateway, 5);
    const states = await clStateSender(gateway, providerId, SECRET);
    const socket = await ProtocolSocket.open(gateway.url);
    sockets.push(socket);
    socket.subscribe('a', UPDATES, { id });
    await waitFor('the subscription to get the current state', () => socket.processed('a').length === 1);
    await states.send();
    await waitFor('the subscription to get the change', () => socket.processed('a').length === 2);
    socket.complete('a');
    socket.subscribe('b', UPDATES, { id });
    await waitFor('the new subscription to get the current state', () => socket.processed('b').length === 1);
    await states.send();
    await waitFor('the new subscription to get the change', () => socket.processed('b').length === 2);
    expect(socket.processed('a')).toEqual([null, 1]);
    // A stream of its own, whose first read asks the vendor again: the simulator still has the
    // import pending (the webhooks above were the test's own), as a first subscriber would see it.
    expect(socket.processed('b')).toEqual([null, 2]);
    // The client's own complete is not answered with one.
    expect(socket.frames.filter((frame) => frame.type === 'complete')).toEqual([]);
  });
});
