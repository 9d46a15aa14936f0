import { IMPORT_STATUSES, reviveImport, type Import, type ImportStatus } from './model.ts';

/** What happened to an import, as `importsChanged` announces it. */
export type ImportChangeKind = 'CREATED' | 'UPDATED' | 'DELETED';

/** One change of one import: the model behind `ImportChangeEvent`. */
export interface ImportChange {
  kind: ImportChangeKind;
  /** The import as it is now; for DELETED, as it was last known. */
  import: Import;
  /** The status before; null when the gateway did not know the import. */
  previousStatus: ImportStatus | null;
}

/**
 * A change as the one ordered event log of the store numbered it: what `importsChanged` delivers
 * and replays. Every instance reads the same log, so an id means the same place on each.
 */
export interface LoggedChange extends ImportChange {
  /** Its place in the log (`imports/event-id.ts`), opaque to clients. */
  eventId: string;
  /** When the log recorded it (the store's clock). */
  occurredAt: Date;
}

/** What a poll or a webhook saw of one import, offered to the last-known state. */
export interface Observation {
  item: Import;
  /** The vendor no longer has the import; `item` is its last state. */
  deleted?: boolean;
  /**
   * How to announce an import the gateway never saw: CREATED when it was created after the
   * gateway started watching its provider, UPDATED (with no previous status) otherwise.
   */
  kindIfUnknown: 'CREATED' | 'UPDATED';
  /** Part of a change poll's first look: an import never seen is remembered, not announced. */
  baseline?: boolean;
}

/**
 * The fields whose change is an event (status, counts, progress and the instants that come with
 * them). `updatedAt` is left out on purpose: it orders states, and a newer `updatedAt` that
 * changes nothing visible (a vendor touching the row) is remembered without an event.
 */
export function fingerprintOf(item: Import): string {
  const time = (value: Date | null) => (value === null ? null : value.getTime());
  return JSON.stringify([
    item.status,
    item.providerStatus,
    item.terminal,
    item.counts.total,
    item.counts.processed,
    item.counts.errors,
    item.counts.warnings,
    item.progress,
    time(item.startedAt),
    time(item.completedAt),
  ]);
}

/** The last known state of one import, as a store keeps it. */
export interface KnownState {
  item: Import;
  deleted: boolean;
}

/** What offering an observation to a known state leads to. */
export type Verdict =
  /** Stale (older than what is known), a duplicate, or a baseline of something known: nothing. */
  | { action: 'ignore' }
  /** Newer but the same visible state: keep it (so older copies count as stale), announce nothing. */
  | { action: 'remember' }
  /** A change: keep it and announce it. */
  | { action: 'announce'; change: ImportChange };

/**
 * The comparison behind "a duplicate or out-of-order webhook changes nothing twice": the vendor's
 * `updatedAt` orders states, the fingerprint tells a change from a repeat. A deletion is final
 * (only a newer state brings an import back); the Redis store runs the same rules in Lua.
 */
export function judge(known: KnownState | undefined, observation: Observation): Verdict {
  const { item } = observation;
  if (!known) {
    if (observation.baseline && !observation.deleted) return { action: 'remember' };
    const kind = observation.deleted ? 'DELETED' : observation.kindIfUnknown;
    return { action: 'announce', change: { kind, import: item, previousStatus: null } };
  }
  const previousStatus = known.item.status;
  const updatedAt = item.updatedAt.getTime();
  const knownAt = known.item.updatedAt.getTime();
  if (known.deleted) {
    if (updatedAt <= knownAt || observation.deleted) return { action: 'ignore' };
    return { action: 'announce', change: { kind: 'UPDATED', import: item, previousStatus } };
  }
  if (observation.deleted)
    return { action: 'announce', change: { kind: 'DELETED', import: item, previousStatus } };
  if (updatedAt < knownAt) return { action: 'ignore' };
  if (fingerprintOf(item) === fingerprintOf(known.item))
    return updatedAt > knownAt ? { action: 'remember' } : { action: 'ignore' };
  return { action: 'announce', change: { kind: 'UPDATED', import: item, previousStatus } };
}

/** Whether `next` is a later visible state than `last` (a subscriber's own guard against repeats). */
export function isLaterState(next: Import, last: Import): boolean {
  const at = next.updatedAt.getTime() - last.updatedAt.getTime();
  return at > 0 || (at === 0 && fingerprintOf(next) !== fingerprintOf(last));
}

/** The key of one import in stores, leases and channels. */
export function importKey(item: Pick<Import, 'provider' | 'providerId'>): string {
  return `${item.provider}:${item.providerId}`;
}

export function reviveChange(text: string): ImportChange {
  const parsed = JSON.parse(text) as { kind: ImportChangeKind; import: unknown; previousStatus: unknown };
  const previous = parsed.previousStatus;
  return {
    kind: parsed.kind,
    import: reviveImport(parsed.import),
    previousStatus:
      typeof previous === 'string' && (IMPORT_STATUSES as readonly string[]).includes(previous)
        ? (previous as ImportStatus)
        : null,
  };
}
