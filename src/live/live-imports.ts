import type { ImportGlobalRef } from '../imports/global-id.ts';
import type { Import, ImportProvider } from '../imports/model.ts';
import type { ProviderSet } from '../imports/provider-info.ts';
import type { ChangeFeed } from './change-feed.ts';
import { matchesChange, type ChangeFilter } from './change-filter.ts';
import type { ChangePoller } from './change-poller.ts';
import { importKey, isLaterState, type ImportChange, type LoggedChange } from '../imports/change.ts';
import { EventQueue, type DeliveryBudget } from './event-queue.ts';
import type { ImportWatcher } from './import-watcher.ts';
import { ReplayedChanges } from './replayed-changes.ts';
import type { WebhookIntake } from './webhook-intake.ts';

/** Events read from the log at once when a client resumes. */
const REPLAY_PAGE = 256;

/** One event of `importUpdated`: a state, or the news that the import is gone. */
export type ImportUpdate = { import: Import } | { deleted: Import };

/**
 * The event of a state, the same object for every subscriber of the import, so that the
 * transports resolve it once for all of them (server/operation/execute.ts).
 */
const updates = new WeakMap<Import, ImportUpdate>();
const deletions = new WeakMap<Import, ImportUpdate>();

function eventOf(cache: WeakMap<Import, ImportUpdate>, item: Import, make: () => ImportUpdate): ImportUpdate {
  let event = cache.get(item);
  if (!event) cache.set(item, (event = make()));
  return event;
}

/**
 * What the subscription resolvers use: streams of one import's states and of every change,
 * fed by the shared watcher, change polls and webhooks. Knows only the Import model.
 */
export class LiveImports {
  constructor(
    private readonly providers: ProviderSet,
    private readonly feed: ChangeFeed,
    private readonly watcher: ImportWatcher,
    private readonly changes: ChangePoller,
    readonly webhooks: WebhookIntake,
  ) {}

  /**
   * The import's current state first, then each later state in order, ending after a terminal one
   * (or after the deletion). Null when the vendor has no such import. Throws what the first read
   * threw (a vendor failure).
   */
  async importUpdated(
    reference: ImportGlobalRef,
    budget: DeliveryBudget,
  ): Promise<AsyncIterableIterator<ImportUpdate> | null> {
    const watch = this.watcher.watch(reference);
    let unlisten = () => {};
    const queue = new EventQueue<ImportUpdate>(budget, () => {
      unlisten();
      watch.release();
    });
    let last: Import | undefined;
    const deliver = (change: ImportChange) => {
      if (change.kind === 'DELETED') {
        queue.push(eventOf(deletions, change.import, () => ({ deleted: change.import })));
        return queue.end();
      }
      if (last && !isLaterState(change.import, last)) return;
      const item = (last = change.import);
      queue.push(eventOf(updates, item, () => ({ import: item })));
      if (last.terminal) queue.end();
    };
    // Listen before the first read, so nothing between the read and the first event is lost.
    const early: ImportChange[] = [];
    let started = false;
    unlisten = this.feed.onImport(importKey(reference), (change) =>
      started ? deliver(change) : early.push(change),
    );
    let first: Import | null;
    try {
      first = await watch.current();
    } catch (error) {
      await queue.return();
      throw error;
    }
    if (!first) {
      await queue.return();
      return null;
    }
    started = true;
    deliver({ kind: 'UPDATED', import: first, previousStatus: null });
    for (const change of early) deliver(change);
    return queue;
  }

  /**
   * Every change matching the filter, from now on, or from after the event `after` when the client
   * resumes (the log's events first, then the live ones); each provider it names is polled for
   * changes. Throws what the log throws for an `after` it cannot resume from (store/event-log.ts).
   */
  async importsChanged(
    filter: ChangeFilter,
    budget: DeliveryBudget,
    after?: string,
  ): Promise<AsyncIterableIterator<LoggedChange>> {
    const providers: ImportProvider[] = this.providers.enabled
      .map((source) => source.provider)
      .filter((provider) => !filter.providers || filter.providers.includes(provider));
    const releases = providers.map((provider) => this.changes.watch(provider));
    let unlisten = () => {};
    const queue = new EventQueue<LoggedChange>(budget, () => {
      unlisten();
      for (const release of releases) release();
    });
    const matches = (change: LoggedChange) => matchesChange(filter, change);
    // Live first, the log after: an event in both is dropped by id, none falls between.
    unlisten = this.feed.onAny((change) => {
      if (matches(change)) queue.push(change);
    });
    if (after === undefined) return queue;
    const readPage = (from: string) => this.feed.eventsAfter(from, REPLAY_PAGE);
    let firstPage: LoggedChange[];
    try {
      firstPage = await readPage(after);
    } catch (error) {
      await queue.return();
      throw error;
    }
    return new ReplayedChanges({ after, firstPage, pageSize: REPLAY_PAGE, readPage, matches, live: queue });
  }

  /**
   * The gateway deleted this import (deleteImport): a DELETED change for `importsChanged`, and the
   * end of every `importUpdated` of it, on every instance. No poll could tell: a list does not
   * show what is gone, and a watch only notices at its next poll, if anyone watches.
   */
  async deleted(item: Import): Promise<void> {
    await this.feed.offer({ item, deleted: true, kindIfUnknown: 'UPDATED' });
  }

  /** Imports watched on this instance. */
  get watchedImports(): number {
    return this.watcher.size;
  }
}
