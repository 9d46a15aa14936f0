import { createHmac } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import type { GatewayUnderTest } from './gateway.ts';

/**
 * Clients that stop reading on purpose: the socket is paused, so the kernel buffers fill and the
 * gateway sees exactly what a stalled browser or a dead mobile link does.
 */

/** A graphql-sse request over a bare TCP socket, read (or not) as the test says. */
export class RawSseClient {
  private text = '';
  ended = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (this.text += chunk));
    socket.on('close', () => (this.ended = true));
    socket.on('error', () => (this.ended = true));
  }

  static async open(url: string, operation: { query: string; variables?: unknown }): Promise<RawSseClient> {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const body = JSON.stringify(operation);
    socket.write(
      `POST /graphql/stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
        `Accept: text/event-stream\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    return new RawSseClient(socket);
  }

  /**
   * The events received so far. Each event is written in one piece, so HTTP's chunk framing
   * (a size line between chunks) never falls inside one.
   */
  get events(): { event: string; data: string }[] {
    return [...this.text.matchAll(/event: (\w+)\n(?:id: .*\n)?data: ?(.*)\n\n/g)].map(([, event, data]) => ({
      event: event!,
      data: data!,
    }));
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A graphql-transport-ws client on a bare `ws` socket, subscribed to one operation. */
export class RawWsClient {
  readonly nexts: unknown[] = [];
  closed: { code: number; reason: string } | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; payload?: unknown };
      if (message.type === 'next') this.nexts.push(message.payload);
    });
    socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString('utf8') }));
  }

  static async subscribe(
    url: string,
    operation: { query: string; variables?: unknown },
  ): Promise<RawWsClient> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const acknowledged = new Promise((resolve) => socket.once('message', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await acknowledged;
    const client = new RawWsClient(socket);
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: operation }));
    return client;
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.socket.terminate();
  }
}

interface ClResource {
  id: string;
  type: string;
  attributes: Record<string, unknown> & { updated_at: string };
}

/**
 * Sends signed Commerce Layer webhooks for one import, each a newer state with one more record
 * processed and a `resource_type` of `padding` characters: many large events, no clock needed.
 */
export async function clStateSender(
  gateway: GatewayUnderTest,
  providerId: string,
  secret: string,
  padding = 0,
) {
  const all = await gateway.control<ClResource[]>('commercelayer', 'GET', '/__sim/imports');
  const resource = all.find((candidate) => candidate.id === providerId)!;
  const base = Date.parse(resource.attributes.updated_at);
  let sent = 0;
  return {
    get sent() {
      return sent;
    },
    async send(): Promise<void> {
      sent += 1;
      const body = JSON.stringify({
        data: {
          ...resource,
          attributes: {
            ...resource.attributes,
            status: 'in_progress',
            processed_count: sent,
            resource_type: padding > 0 ? 'x'.repeat(padding) : resource.attributes.resource_type,
            updated_at: new Date(base + sent * 1_000).toISOString(),
          },
        },
      });
      const response = await fetch(`${gateway.url}/webhooks/commercelayer`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-commercelayer-topic': 'imports.update',
          'x-commercelayer-signature': createHmac('sha256', secret).update(body).digest('base64'),
        },
        body,
      });
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    },
  };
}

/** Sends states until `done` holds (checked after each), at most `max` of them. */
export async function sendUntil(
  sender: { send(): Promise<void>; readonly sent: number },
  done: () => boolean,
  max: number,
): Promise<void> {
  while (!done()) {
    if (sender.sent >= max) throw new Error(`still not done after ${max} events`);
    await sender.send();
  }
}
