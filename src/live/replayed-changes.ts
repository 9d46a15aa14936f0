import type { LoggedChange } from '../imports/change.ts';
import { compareEventIds } from '../imports/event-id.ts';

export interface ReplayOptions {
  /** The id the client resumes after. */
  after: string;
  /** The first page of the log after it, read once the live queue was listening. */
  firstPage: LoggedChange[];
  pageSize: number;
  readPage: (after: string) => Promise<LoggedChange[]>;
  matches: (change: LoggedChange) => boolean;
  /** Live changes (already filtered), queued since before the first page was read. */
  live: AsyncIterableIterator<LoggedChange>;
}

/**
 * The logged changes after `after`, page by page, then the live ones. The live queue listened
 * before the first page was read, so nothing falls between the two; what it holds that the pages
 * already gave (ids up to the last one read) is dropped, so nothing comes twice. Pages are read
 * as the client takes events, so a long replay never waits in memory or in the connection's budget.
 * A class rather than an async generator: `return()` must end the live queue at once, even while
 * `next()` waits on it.
 */
export class ReplayedChanges implements AsyncIterableIterator<LoggedChange> {
  private page: LoggedChange[];
  private more: boolean;
  private last: string;
  private replaying = true;
  private closed = false;

  constructor(private readonly options: ReplayOptions) {
    this.page = [...options.firstPage];
    this.more = options.firstPage.length >= options.pageSize;
    this.last = options.after;
  }

  async next(): Promise<IteratorResult<LoggedChange>> {
    while (this.replaying && !this.closed) {
      const change = this.page.shift();
      if (change) {
        this.last = change.eventId;
        if (this.options.matches(change)) return { value: change, done: false };
      } else if (this.more) {
        this.page = await this.options.readPage(this.last);
        this.more = this.page.length >= this.options.pageSize;
      } else {
        this.replaying = false;
      }
    }
    for (;;) {
      const step = await this.options.live.next();
      if (step.done || compareEventIds(step.value.eventId, this.last) > 0) {
        if (!step.done) this.last = step.value.eventId;
        return step;
      }
    }
  }

  async return(): Promise<IteratorResult<LoggedChange>> {
    this.closed = true;
    this.page = [];
    return this.options.live.return!();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<LoggedChange> {
    return this;
  }
}
