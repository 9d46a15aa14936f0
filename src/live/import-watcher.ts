import type { ImportGlobalRef } from '../imports/global-id.ts';
import type { Import, ImportProvider } from '../imports/model.ts';
import type { Logger } from '../log.ts';
import type { ProviderSet } from '../imports/provider-info.ts';
import type { ChangeFeed } from './change-feed.ts';
import { importKey, isLaterState, type Observation } from '../imports/change.ts';
import { inBackground } from './background.ts';
import { LeaseLoop } from './lease-loop.ts';
import type { Leases } from '../store/leases.ts';
import { backoffAfter, nextInterval, type PollTiming } from './poll-timing.ts';

export interface WatchHandle {
  /** The import's state now: the watch's latest, or a first read. Null when the vendor has no such import. */
  current(): Promise<Import | null>;
  release(): void;
}

interface Deferred {
  promise: Promise<Import | null>;
  resolve(value: Import | null): void;
  reject(error: unknown): void;
}

/** One watched import on this instance, whatever the number of its subscribers. */
interface Watch {
  key: string;
  provider: ImportProvider;
  reference: ImportGlobalRef;
  subscribers: number;
  /** The latest state this instance knows, from its own polls or the feed. */
  current?: Import;
  /** Deleted, or never existed: nothing more to poll. */
  gone: boolean;
  dueAt: number;
  interval: number;
  first?: Deferred;
  unlisten(): void;
}

interface ProviderPolls {
  timer?: NodeJS.Timeout;
  running: boolean;
  failures: number;
  blockedUntil: number;
}

export interface ImportWatcherOptions {
  timing: PollTiming;
  /** CREATED or UPDATED for an import the store never saw (see ChangePoller.kindIfUnknown). */
  kindIfUnknown(item: Import): Observation['kindIfUnknown'];
  log: Logger;
  /** Told of every poll this instance makes (metrics). */
  onPoll?: (provider: ImportProvider) => void;
  now?: () => number;
}

function deferred(): Deferred {
  let resolve!: Deferred['resolve'];
  let reject!: Deferred['reject'];
  const promise = new Promise<Import | null>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A first read nobody waits for any more must not become an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * Polls watched imports: one shared poll per import however many subscribers watch it, and per
 * provider one `ImportSource.get` for every import due at that moment (Commerce Layer asks by id
 * list, Fleetio by creation windows). The interval adapts (poll-timing.ts); polling stops once an
 * import is terminal or gone, or nobody watches it. With several instances only the lease holder
 * polls; the others keep `current` from the feed.
 */
export class ImportWatcher {
  private readonly watches = new Map<string, Watch>();
  private readonly polls = new Map<ImportProvider, ProviderPolls>();
  /** Which watches this instance holds the lease of, so it is the one that polls them. */
  private readonly leaseLoop: LeaseLoop<Watch>;
  private readonly now: () => number;
  private closed = false;

  constructor(
    private readonly providers: ProviderSet,
    private readonly feed: ChangeFeed,
    leases: Leases,
    private readonly options: ImportWatcherOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.leaseLoop = new LeaseLoop<Watch>({
      leases,
      wanted: () => [...this.watches.values()].filter((watch) => !watch.gone && !watch.current?.terminal),
      keyOf: (watch) => watch.key,
      onTaken: (watches) => this.pollTakenOver(watches),
      log: options.log,
      subject: 'watched imports',
    });
  }

  /** Number of imports this instance watches (each polled once per interval at most). */
  get size(): number {
    return this.watches.size;
  }

  watch(reference: ImportGlobalRef): WatchHandle {
    const key = importKey(reference);
    let watch = this.watches.get(key);
    if (!watch) {
      const created: Watch = {
        key,
        provider: reference.provider,
        reference,
        subscribers: 0,
        gone: false,
        dueAt: this.now(),
        interval: this.options.timing.activeMs,
        unlisten: () => undefined,
      };
      created.unlisten = this.feed.onImport(key, (change) => {
        if (change.kind === 'DELETED') created.gone = true;
        this.learn(created, change.import);
      });
      this.watches.set(key, created);
      watch = created;
      void this.claim(created);
    }
    watch.subscribers += 1;
    const current = watch;
    let released = false;
    return {
      current: () => this.currentOf(current),
      release: () => {
        if (released) return;
        released = true;
        this.unwatch(current);
      },
    };
  }

  close(): void {
    this.closed = true;
    for (const polls of this.polls.values()) clearTimeout(polls.timer);
    for (const watch of this.watches.values()) watch.unlisten();
    this.watches.clear();
    this.leaseLoop.close();
  }

  private currentOf(watch: Watch): Promise<Import | null> {
    if (watch.gone) return Promise.resolve(null);
    if (watch.current) return Promise.resolve(watch.current);
    watch.first ??= deferred();
    return watch.first.promise;
  }

  /** Takes the lease of a new watch: the holder polls now; anyone else reads what the holder knows. */
  private async claim(watch: Watch): Promise<void> {
    const held = await this.leaseLoop.claim(watch);
    // Released while the claim was on its way: the lease loop has given the lease back.
    if (this.watches.get(watch.key) !== watch) return;
    if (held) return this.schedule(watch.provider);
    try {
      const known = (await this.feed.lastKnown([watch.key])).get(watch.key);
      if (known && !known.deleted) return this.learn(watch, known.item);
      // The holder has not read it yet: one read of our own, offered like any poll.
      const source = this.providers.get(watch.provider);
      const item = (await source?.get([watch.reference]))?.get(watch.reference.providerId);
      if (item) {
        await this.feed.offer({ item, kindIfUnknown: this.options.kindIfUnknown(item) });
        this.learn(watch, item);
      } else this.forget(watch);
    } catch (error) {
      this.failFirst(watch, error);
    }
  }

  private unwatch(watch: Watch): void {
    watch.subscribers -= 1;
    if (watch.subscribers > 0 || this.watches.get(watch.key) !== watch) return;
    this.watches.delete(watch.key);
    watch.unlisten();
    this.leaseLoop.release(watch);
  }

  /** A newer state, from a poll or the feed. */
  private learn(watch: Watch, item: Import): void {
    if (!watch.current || isLaterState(item, watch.current)) watch.current = item;
    const first = watch.first;
    watch.first = undefined;
    first?.resolve(watch.gone ? null : watch.current);
  }

  private forget(watch: Watch): void {
    watch.gone = true;
    const first = watch.first;
    watch.first = undefined;
    first?.resolve(null);
  }

  private failFirst(watch: Watch, error: unknown): void {
    if (watch.current) return;
    const first = watch.first;
    watch.first = undefined;
    first?.reject(error);
  }

  private pollable(watch: Watch): boolean {
    return this.leaseLoop.holds(watch) && !watch.gone && !(watch.current?.terminal ?? false);
  }

  private pollsOf(provider: ImportProvider): ProviderPolls {
    let polls = this.polls.get(provider);
    if (!polls) this.polls.set(provider, (polls = { running: false, failures: 0, blockedUntil: 0 }));
    return polls;
  }

  /** One timer per provider, set for the earliest watch due (or the end of a back-off). */
  private schedule(provider: ImportProvider): void {
    const polls = this.pollsOf(provider);
    if (this.closed || polls.running) return;
    clearTimeout(polls.timer);
    polls.timer = undefined;
    let dueAt = Infinity;
    for (const watch of this.watches.values())
      if (watch.provider === provider && this.pollable(watch)) dueAt = Math.min(dueAt, watch.dueAt);
    if (dueAt === Infinity) return;
    const delay = Math.max(0, Math.max(dueAt, polls.blockedUntil) - this.now());
    polls.timer = setTimeout(() => inBackground(() => void this.poll(provider)), delay);
    polls.timer.unref();
  }

  private async poll(provider: ImportProvider): Promise<void> {
    const polls = this.pollsOf(provider);
    const source = this.providers.get(provider);
    const now = this.now();
    // Watches due within half an active interval ride along: one request now instead of another
    // a moment later, and once polled together they stay due together. Without this, imports
    // watched a few milliseconds apart never shared a request.
    const soon = now + this.options.timing.activeMs / 2;
    const due = [...this.watches.values()].filter(
      (watch) => watch.provider === provider && this.pollable(watch) && watch.dueAt <= soon,
    );
    if (!source) {
      // Not enabled (any more): nothing can be read, so nobody waits for it.
      for (const watch of due) this.forget(watch);
      return;
    }
    if (due.length === 0) return this.schedule(provider);
    polls.running = true;
    this.options.onPoll?.(provider);
    try {
      const found = await source.get(due.map((watch) => watch.reference));
      polls.failures = 0;
      for (const watch of due) await this.settle(watch, found.get(watch.reference.providerId), now);
    } catch (error) {
      polls.failures += 1;
      const pause = backoffAfter(polls.failures, error, this.options.timing);
      polls.blockedUntil = this.now() + pause;
      this.options.log.warn(
        { err: error, provider, watched: due.length, retryInMs: pause },
        'polling watched imports failed; backing off',
      );
      for (const watch of due) this.failFirst(watch, error);
    } finally {
      polls.running = false;
    }
    this.schedule(provider);
  }

  /**
   * What one poll found for one watch: a state to offer, or a deletion. The next poll is set on
   * a grid of active intervals (nearest point to the round's start plus the watch's interval), so
   * watches whose intervals differ, or that were created apart, still meet in the same rounds
   * and share their requests instead of drifting into rounds of their own.
   */
  private async settle(watch: Watch, item: Import | undefined, roundStart: number): Promise<void> {
    if (!item) {
      if (watch.current) {
        await this.feed.offer({ item: watch.current, deleted: true, kindIfUnknown: 'UPDATED' });
      }
      return this.forget(watch);
    }
    const changed = !watch.current || isLaterState(item, watch.current);
    await this.feed.offer({ item, kindIfUnknown: this.options.kindIfUnknown(item) });
    watch.interval = nextInterval(watch.interval, changed, this.options.timing);
    const step = this.options.timing.activeMs;
    watch.dueAt = Math.round((roundStart + watch.interval) / step) * step;
    this.learn(watch, item);
  }

  /** Leases taken over from a holder that died: their watches are polled at once. */
  private pollTakenOver(watches: readonly Watch[]): void {
    const providers = new Set<ImportProvider>();
    for (const watch of watches) {
      watch.dueAt = this.now();
      providers.add(watch.provider);
    }
    for (const provider of providers) this.schedule(provider);
  }
}
