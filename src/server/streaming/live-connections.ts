import type { GraphQLError } from 'graphql';
import { rateLimited } from '../../graphql/errors.ts';

/**
 * WebSockets and SSE streams open on this instance, together, against MAX_CONNECTIONS: each holds
 * a socket, buffers and a scope for as long as its client likes, so their number is what bounds
 * the memory live clients can take. Beyond it a new one is refused (503) before it is opened.
 */
export class LiveConnections {
  private open = 0;

  constructor(readonly max: number) {}

  /** A release to call once the connection ends, or undefined when the instance is full. */
  tryOpen(): (() => void) | undefined {
    if (this.open >= this.max) return undefined;
    this.open += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open -= 1;
    };
  }

  get count(): number {
    return this.open;
  }

  /** The answer to a connection refused because the instance is full, for either transport. */
  get refusal(): { status: 503; error: GraphQLError; headers: Record<string, string> } {
    return {
      status: 503,
      error: rateLimited(
        `This gateway instance has ${this.max} live connections open, the most it serves (MAX_CONNECTIONS); try again later.`,
      ),
      headers: { 'retry-after': '5' },
    };
  }
}
