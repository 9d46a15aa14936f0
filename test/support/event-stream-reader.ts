import type { LiveResult } from './live-clients.ts';
import { Subscription } from './live-clients.ts';

/**
 * One subscription over the gateway's SSE endpoint read byte by byte, as a browser's EventSource
 * reads it: each event's `id:` field is kept (graphql-sse's client drops it), and `headers` may
 * carry the `Last-Event-ID` an EventSource sends when it reconnects.
 */
export class EventStreamReader<T> extends Subscription<T> {
  /** The `id:` of each `next` event, in order (undefined for an event without one). */
  readonly ids: (string | undefined)[] = [];
  private readonly aborter = new AbortController();

  constructor(
    url: string,
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    super();
    this.cancel = () => this.aborter.abort();
    void this.read(url, { query, variables }, headers);
  }

  get lastId(): string | undefined {
    return this.ids.filter((id) => id !== undefined).at(-1);
  }

  private async read(url: string, body: unknown, headers: Record<string, string>): Promise<void> {
    try {
      const response = await fetch(`${url}/graphql/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
        body: JSON.stringify(body),
        signal: this.aborter.signal,
      });
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
      this.end();
    } catch (error) {
      this.end(error);
    }
  }

  private dispatch(block: string): void {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
    }
    if (fields.get('event') !== 'next') return;
    this.ids.push(fields.get('id'));
    this.next(JSON.parse(fields.get('data') ?? '{}') as LiveResult<T>);
  }
}
