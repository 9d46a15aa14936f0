import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { DeliveryBudget } from '../../live/event-queue.ts';

/**
 * The `next` frames of one WebSocket's subscriptions, written by their broadcast groups
 * (broadcast-group.ts) without waiting. Each frame counts against the connection's backlog until
 * `ws` has handed it to the kernel: a client that stops reading fills its socket buffers, its
 * frames stay counted, and past the budget's bound the connection is dropped as too slow
 * (connection-budget.ts) instead of growing memory; nothing more is written to it.
 */
export class SocketFrames {
  /** One callback for every frame of the socket, rather than a closure per frame. */
  private readonly sent: () => void;
  private corked = false;

  constructor(
    private readonly socket: WebSocket,
    /** The TCP socket under `socket`, as the upgrade handed it to `ws`. */
    private readonly transport: Duplex,
    private readonly budget: DeliveryBudget,
  ) {
    this.sent = () => budget.give();
  }

  /** Writes a frame now, or with the other frames of `batch` when it is given. */
  write(frame: string, batch?: FrameBatch): void {
    if (this.socket.readyState !== this.socket.OPEN || !this.budget.take()) return;
    if (batch && !this.corked) {
      this.corked = true;
      this.transport.cork();
      batch.corked.push(this);
    }
    this.socket.send(frame, this.sent);
  }

  /** @internal FrameBatch's */
  uncork(): void {
    this.corked = false;
    this.transport.uncork();
  }
}

/**
 * The frames of one event to every subscriber of a group: each socket is corked at its first
 * frame and uncorked once all are written, so the kernel gets one write per socket rather than
 * one per frame (`ws` corks each frame alone, so each costs a `writev`). With 100 subscriptions of
 * one import on a socket, that is 1 system call instead of 100.
 */
export class FrameBatch {
  readonly corked: SocketFrames[] = [];

  flush(): void {
    for (const frames of this.corked) frames.uncork();
    this.corked.length = 0;
  }
}
