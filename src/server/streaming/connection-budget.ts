import type { DeliveryBudget } from '../../live/event-queue.ts';

/**
 * The backlog of one client connection: events its subscriptions produced that the client has
 * not taken yet. Past `max`, the connection is dropped once (`onOverflow`), so a client that
 * stopped reading costs bounded memory and never holds up the others.
 */
export class ConnectionBudget implements DeliveryBudget {
  private waiting = 0;
  private overflowed = false;

  constructor(
    private readonly max: number,
    private readonly onOverflow: (waiting: number) => void,
  ) {}

  take(): boolean {
    if (this.overflowed) return false;
    if (this.waiting >= this.max) {
      this.overflowed = true;
      this.onOverflow(this.waiting);
      return false;
    }
    this.waiting += 1;
    return true;
  }

  give(): void {
    this.waiting = Math.max(0, this.waiting - 1);
  }
}
