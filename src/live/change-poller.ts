import type { Import, ImportProvider } from '../imports/model.ts';
import { positionOf, type OrderPosition } from '../imports/order.ts';
import type { Logger } from '../log.ts';
import type { ProviderSet } from '../imports/provider-info.ts';
import { setDeadline } from '../deadline.ts';
import type { LiveStateStore } from '../store/live-state-store.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { Observation } from '../imports/change.ts';
import { inBackground } from './background.ts';
import { LeaseLoop } from './lease-loop.ts';
import type { Leases } from '../store/leases.ts';
import { backoffAfter, type PollTiming } from './poll-timing.ts';

/** Where a provider's change poll stands, kept in the live state store. */
interface ChangeMark {
  /** The latest vendor `updatedAt` read so far (ms). */
  at: number;
  /** The newest `updatedAt` when the gateway first looked: imports created since are CREATED. */
  horizon: number;
}

export interface ChangePollerOptions {
  /** Interval of the change poll of a provider while anyone subscribes to `importsChanged`. */
  intervalMs: number;
  /**
   * How far back each poll reads again before the mark: a vendor may commit a row with an
   * `updated_at` a little older than one already read. Repeats cost nothing: the store drops them.
   */
  overlapMs: number;
  timing: PollTiming;
  log: Logger;
  /** Told of every poll this instance makes (metrics). */
  onPoll?: (provider: ImportProvider) => void;
}

/** Items per list call; a poll reads on while the vendor says there are more, up to MAX_PAGES. */
const PAGE_SIZE = 50;
const MAX_PAGES = 10;
/** Imports the first look remembers without announcing them. */
const BASELINE_SIZE = 25;
/** How long the gateway's start waits for a provider's first look. */
const FIRST_LOOK_MS = 5_000;

interface ProviderState {
  watchers: number;
  timer?: NodeJS.Timeout;
  running: boolean;
  failures: number;
}

const markName = (provider: ImportProvider) => `changes:${provider}`;

/**
 * The shared poll behind `importsChanged`: per provider, one `ImportSource.list` of the imports
 * updated since the last seen change (UPDATED_AT ASC from the mark, minus an overlap), whatever the
 * number of subscribers; every import read is offered to the feed, which announces what is news.
 * The mark is durable, so a restart announces what changed while it was down, once. Deletions
 * are seen by watches and webhooks, not here: a list cannot show what is gone.
 */
export class ChangePoller {
  private readonly states = new Map<ImportProvider, ProviderState>();
  private readonly horizons = new Map<ImportProvider, number>();
  private readonly looking = new Map<ImportProvider, Promise<void>>();
  /** Which providers' change polls this instance holds the lease of, so it is the one that polls them. */
  private readonly leaseLoop: LeaseLoop<ImportProvider>;
  private closed = false;

  constructor(
    private readonly providers: ProviderSet,
    private readonly feed: ChangeFeed,
    private readonly store: LiveStateStore,
    leases: Leases,
    private readonly options: ChangePollerOptions,
  ) {
    this.leaseLoop = new LeaseLoop<ImportProvider>({
      leases,
      wanted: () => [...this.states].filter(([, state]) => state.watchers > 0).map(([provider]) => provider),
      keyOf: markName,
      onTaken: (providers) => {
        for (const provider of providers) this.schedule(provider, 0);
      },
      onLost: (providers) => {
        for (const provider of providers) clearTimeout(this.stateOf(provider).timer);
      },
      log: options.log,
      subject: 'change polls',
    });
  }

  /**
   * Reads the horizons of earlier runs and takes the first look of each provider that has none
   * yet (a new DATA_DIR or Redis), so CREATED and UPDATED are told apart from the start. Waiting
   * for the first `importsChanged` subscriber instead left every import that a watch or a webhook
   * saw before then UPDATED, its CREATED event lost. A provider that does not answer within
   * FIRST_LOOK_MS gets its first look with its first change poll.
   */
  async start(): Promise<void> {
    await Promise.all(
      this.providers.enabled.map(async ({ provider }) => {
        if (await this.readMark(provider)) return;
        const signal = AbortSignal.timeout(FIRST_LOOK_MS);
        setDeadline(signal, Date.now() + FIRST_LOOK_MS);
        try {
          await this.firstLook(provider, signal);
        } catch (error) {
          this.options.log.warn(
            { err: error, provider },
            'first look at the imports failed; the change poll retries',
          );
        }
      }),
    );
  }

  /**
   * CREATED for an import first seen that was created after the gateway first looked at its
   * provider; UPDATED (with no previous status) for an older one it simply had not seen.
   */
  kindIfUnknown(item: Import): Observation['kindIfUnknown'] {
    const horizon = this.horizons.get(item.provider);
    return horizon !== undefined && item.createdAt.getTime() >= horizon ? 'CREATED' : 'UPDATED';
  }

  watch(provider: ImportProvider): () => void {
    const state = this.stateOf(provider);
    state.watchers += 1;
    if (state.watchers === 1) void this.claim(provider);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.watchers -= 1;
      if (state.watchers > 0) return;
      clearTimeout(state.timer);
      state.timer = undefined;
      this.leaseLoop.release(provider);
    };
  }

  close(): void {
    this.closed = true;
    for (const state of this.states.values()) clearTimeout(state.timer);
    this.leaseLoop.close();
  }

  private stateOf(provider: ImportProvider): ProviderState {
    let state = this.states.get(provider);
    if (!state) this.states.set(provider, (state = { watchers: 0, running: false, failures: 0 }));
    return state;
  }

  private async claim(provider: ImportProvider): Promise<void> {
    const held = await this.leaseLoop.claim(provider);
    if (held && this.stateOf(provider).watchers > 0) this.schedule(provider, 0);
  }

  private schedule(provider: ImportProvider, delay: number): void {
    const state = this.stateOf(provider);
    clearTimeout(state.timer);
    if (this.closed || !this.leaseLoop.holds(provider) || state.watchers === 0) return;
    state.timer = setTimeout(() => inBackground(() => void this.poll(provider)), delay);
    state.timer.unref();
  }

  private async readMark(provider: ImportProvider): Promise<ChangeMark | undefined> {
    const text = await this.store.readMark(markName(provider));
    if (text === undefined) return undefined;
    const mark = JSON.parse(text) as ChangeMark;
    this.horizons.set(provider, mark.horizon);
    return mark;
  }

  private async writeMark(provider: ImportProvider, mark: ChangeMark): Promise<void> {
    this.horizons.set(provider, mark.horizon);
    await this.store.writeMark(markName(provider), JSON.stringify(mark));
  }

  private async poll(provider: ImportProvider): Promise<void> {
    const state = this.stateOf(provider);
    const source = this.providers.get(provider);
    if (!source || state.running) return;
    state.running = true;
    this.options.onPoll?.(provider);
    let delay = this.options.intervalMs;
    try {
      // Read each time: another instance may have moved the mark while it held the lease.
      const mark = await this.readMark(provider);
      if (mark) await this.readChanges(provider, mark);
      else await this.firstLook(provider);
      state.failures = 0;
    } catch (error) {
      state.failures += 1;
      delay = Math.max(delay, backoffAfter(state.failures, error, this.options.timing));
      this.options.log.warn({ err: error, provider, retryInMs: delay }, 'change poll failed; backing off');
    } finally {
      state.running = false;
    }
    this.schedule(provider, delay);
  }

  /** The first look, once at a time per provider (start and the first poll may both want it). */
  private firstLook(provider: ImportProvider, signal?: AbortSignal): Promise<void> {
    let look = this.looking.get(provider);
    if (!look) {
      look = this.lookFirst(provider, signal).finally(() => this.looking.delete(provider));
      this.looking.set(provider, look);
    }
    return look;
  }

  /** The first look: remember the newest imports and set the mark, announcing nothing. */
  private async lookFirst(provider: ImportProvider, signal?: AbortSignal): Promise<void> {
    const source = this.providers.get(provider)!;
    const { items } = await source.list(
      { order: { field: 'UPDATED_AT', direction: 'DESC' }, limit: BASELINE_SIZE, conditions: {} },
      signal,
    );
    for (const item of items) await this.feed.offer({ item, kindIfUnknown: 'UPDATED', baseline: true });
    const newest = items[0]?.updatedAt.getTime() ?? 0;
    await this.writeMark(provider, { at: newest, horizon: newest });
  }

  private async readChanges(provider: ImportProvider, mark: ChangeMark): Promise<void> {
    const source = this.providers.get(provider)!;
    let after: OrderPosition | undefined;
    let at = mark.at;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await source.list({
        order: { field: 'UPDATED_AT', direction: 'ASC' },
        after,
        limit: PAGE_SIZE,
        conditions: { updatedAfter: mark.at - this.options.overlapMs },
      });
      for (const item of result.items) {
        await this.feed.offer({ item, kindIfUnknown: this.kindIfUnknown(item) });
        at = Math.max(at, item.updatedAt.getTime());
      }
      const last = result.items[result.items.length - 1];
      if (!result.more || !last) break;
      after = positionOf(last, 'UPDATED_AT');
    }
    if (at !== mark.at) await this.writeMark(provider, { ...mark, at });
  }
}
