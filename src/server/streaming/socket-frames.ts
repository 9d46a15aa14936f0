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

  constructor(
    private readonly socket: WebSocket,
    private readonly budget: DeliveryBudget,
  ) {
    this.sent = () => budget.give();
  }

  write(frame: string): void {
    if (this.socket.readyState !== this.socket.OPEN || !this.budget.take()) return;
    this.socket.send(frame, this.sent);
  }
}
