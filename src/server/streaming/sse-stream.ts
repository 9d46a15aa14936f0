import type { ServerResponse } from 'node:http';

/**
 * One `text/event-stream` response in the graphql-sse protocol's "distinct connections" mode:
 * `next` events carrying results, then one `complete`. Written here rather than by graphql-sse's
 * handler, whose loop pulls every event into an array of its own while the socket is full, so a
 * client that stopped reading grew it without bound and never ran out of its connection budget.
 * Here a write the socket cannot take makes `send` wait for 'drain': events then wait in the
 * subscription's queue, counted against the budget, which cuts the client once it is full.
 */
export class SseStream {
  private readonly pinger: NodeJS.Timeout;
  private ended = false;

  constructor(
    private readonly response: ServerResponse,
    pingMs: number,
  ) {
    response.writeHead(200, {
      connection: 'keep-alive',
      'cache-control': 'no-cache',
      'content-encoding': 'none',
      'content-type': 'text/event-stream; charset=utf-8',
    });
    // A comment first: some browsers (Firefox, Safari) only show the stream once a body byte came.
    response.write(':\n\n');
    // Comments keep proxies from closing an idle stream; none is added to a backlog.
    this.pinger = setInterval(() => {
      if (this.open && !response.writableNeedDrain) response.write(':\n\n');
    }, pingMs);
    this.pinger.unref();
    response.once('close', () => clearInterval(this.pinger));
  }

  /** The client is still there and nothing ended the stream. */
  get open(): boolean {
    return !this.ended && !this.response.destroyed && this.response.writable;
  }

  /**
   * Writes one result; resolves once the client can take more (true), or when the stream is gone
   * (false). With `id` (a log event id, newline-free by its format), a browser's EventSource sends
   * it back as `Last-Event-ID` when it reconnects.
   */
  next(result: unknown, id?: string): Promise<boolean> {
    const field = id === undefined ? '' : `id: ${id}\n`;
    return this.write(`event: next\n${field}data: ${JSON.stringify(result)}\n\n`);
  }

  /** The last event, then the end of the response. */
  complete(): void {
    if (!this.open) return;
    this.ended = true;
    clearInterval(this.pinger);
    this.response.end('event: complete\ndata:\n\n');
  }

  private write(chunk: string): Promise<boolean> {
    if (!this.open) return Promise.resolve(false);
    if (this.response.write(chunk)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const settle = (drained: boolean) => {
        this.response.off('drain', onDrain);
        this.response.off('close', onClose);
        resolve(drained && this.open);
      };
      const onDrain = () => settle(true);
      const onClose = () => settle(false);
      this.response.once('drain', onDrain);
      this.response.once('close', onClose);
    });
  }
}
