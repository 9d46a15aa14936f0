/**
 * What a client connection lends each of its subscriptions: a count of events waiting to be
 * sent. A client that reads too slowly runs out, and the transport drops it (with a close reason)
 * instead of letting its backlog grow or hold anyone else up.
 */
export interface DeliveryBudget {
  /** One more event waits; false when the connection's backlog is full (the connection is dropped). */
  take(): boolean;
  /** One waiting event was handed to the transport. */
  give(): void;
}

/** For callers outside a transport (tests, scripts): a fixed backlog per subscription. */
export function fixedBudget(max: number): DeliveryBudget {
  let waiting = 0;
  return {
    take: () => {
      if (waiting >= max) return false;
      waiting += 1;
      return true;
    },
    give: () => {
      waiting = Math.max(0, waiting - 1);
    },
  };
}

/**
 * The events of one subscription, as the async iterator graphql-js reads. Producers push without
 * waiting (the feed calls every subscriber synchronously), so one slow reader never delays
 * another; what it has not read yet waits here, counted against its connection's budget.
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private reader: ((result: IteratorResult<T>) => void) | undefined;
  /** No more events will come; the queue still hands out what it holds. */
  private ending = false;
  private closed = false;

  constructor(
    private readonly budget: DeliveryBudget,
    /** Called once when the queue is done, however it ends (completion, client gone, overflow). */
    private readonly onClose: () => void,
  ) {}

  push(item: T): void {
    if (this.ending || this.closed) return;
    if (this.reader) {
      const reader = this.reader;
      this.reader = undefined;
      reader({ value: item, done: false });
      return;
    }
    if (!this.budget.take()) {
      // The connection is being dropped: nothing more for this subscription.
      this.finish();
      return;
    }
    this.items.push(item);
  }

  /** No more events; the reader gets the queued ones, then completion. */
  end(): void {
    this.ending = true;
    if (this.items.length === 0) this.finish();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) {
      const value = this.items.shift()!;
      this.budget.give();
      if (this.ending && this.items.length === 0) this.finish();
      return Promise.resolve({ value, done: false });
    }
    if (this.closed || this.ending) {
      this.finish();
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve) => {
      this.reader = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    for (let index = 0; index < this.items.length; index++) this.budget.give();
    this.items.length = 0;
    const reader = this.reader;
    this.reader = undefined;
    reader?.({ value: undefined, done: true });
    this.onClose();
  }
}
