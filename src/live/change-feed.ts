import type { LiveStateStore } from '../store/live-state-store.ts';
import type { ChangeBus, ChangeListener } from '../store/change-bus.ts';
import { importKey, type KnownState, type LoggedChange, type Observation } from '../imports/change.ts';

/**
 * Where every observation of an import goes, from polls and webhooks alike: compared with the
 * last known state, kept, and announced to every instance when it is news. Locally, listeners
 * subscribe to one import or to all.
 */
export class ChangeFeed {
  private readonly byImport = new Map<string, Set<ChangeListener>>();
  private readonly everything = new Set<ChangeListener>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: LiveStateStore,
    private readonly bus: ChangeBus,
  ) {
    this.unsubscribe = bus.subscribe((change) => this.dispatch(change));
  }

  /** Answers the change this observation made, or undefined when it was stale or a repeat. */
  async offer(observation: Observation): Promise<LoggedChange | undefined> {
    const change = await this.store.record(observation);
    if (change && !this.store.announces) await this.bus.publish(change);
    return change;
  }

  /** Up to `limit` logged events after `after` (store/event-log.ts, which says what it throws). */
  eventsAfter(after: string, limit: number): Promise<LoggedChange[]> {
    return this.store.eventsAfter(after, limit);
  }

  lastKnown(keys: readonly string[]): Promise<Map<string, KnownState>> {
    return this.store.lastKnown(keys);
  }

  /** Changes of one import (by `importKey`), from whichever instance saw them. */
  onImport(key: string, listener: ChangeListener): () => void {
    let listeners = this.byImport.get(key);
    if (!listeners) this.byImport.set(key, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.byImport.get(key) === listeners) this.byImport.delete(key);
    };
  }

  onAny(listener: ChangeListener): () => void {
    this.everything.add(listener);
    return () => this.everything.delete(listener);
  }

  close(): void {
    this.unsubscribe();
  }

  private dispatch(change: LoggedChange): void {
    for (const listener of [...(this.byImport.get(importKey(change.import)) ?? [])]) listener(change);
    for (const listener of [...this.everything]) listener(change);
  }
}
