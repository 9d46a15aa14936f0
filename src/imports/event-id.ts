/**
 * The ids of the event log: `<ms>-<seq>`, the instant the log recorded the event and its rank
 * within that millisecond. Redis streams number their entries this way, and the embedded log
 * copies it, so both order their ids alike and a log started afresh (a wiped DATA_DIR, a flushed
 * Redis) numbers after every id it could have handed out before.
 */
export type EventPosition = readonly [ms: number, seq: number];

const EVENT_ID = /^(\d{1,15})-(\d{1,15})$/;

/** The position an id names, or undefined when the text is no id of the log. */
export function parseEventId(text: string): EventPosition | undefined {
  const match = EVENT_ID.exec(text);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export function formatEventId([ms, seq]: EventPosition): string {
  return `${ms}-${seq}`;
}

/** Negative when `a` comes first in the log, zero for the same place, positive after. */
export function compareEventPositions(a: EventPosition, b: EventPosition): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** `compareEventPositions` of two ids the log itself wrote. */
export function compareEventIds(a: string, b: string): number {
  return compareEventPositions(parseEventId(a) ?? [0, 0], parseEventId(b) ?? [0, 0]);
}

/** How long the event log keeps what it recorded: whichever limit is reached first trims. */
export interface EventRetention {
  /** EVENT_RETENTION_MS: events older than this may be trimmed. Default 15 minutes. */
  ms: number;
  /** EVENT_RETENTION_COUNT: at most about this many events are kept. Default 100,000. */
  count: number;
}

export const DEFAULT_EVENT_RETENTION: EventRetention = { ms: 15 * 60_000, count: 100_000 };
