import type { KnownState, LoggedChange, Observation } from '../imports/change.ts';
import type { EventLog } from './event-log.ts';

/**
 * The last known state of every import the live layer has seen, and the marks of its change
 * polls. Kept durably (SQLite in DATA_DIR, or Redis shared by every instance), so a restart
 * neither announces an old transition again nor misses one that happened while it was down.
 */
export interface LiveStateStore extends EventLog {
  /**
   * Compares the observation with the last known state and keeps the newer one, atomically, by
   * the rules of `judge` (imports/change.ts). Answers the change to announce, if there is one,
   * appended to the event log in the same step, which gave it its id.
   */
  record(observation: Observation): Promise<LoggedChange | undefined>;
  /**
   * True when `record` itself delivers every change to every instance (the Redis store publishes
   * in the same script that compares, so changes of one import are announced in their order).
   */
  readonly announces: boolean;
  /** Last known states by `importKey`; absent keys were never seen. */
  lastKnown(keys: readonly string[]): Promise<Map<string, KnownState>>;
  readMark(name: string): Promise<string | undefined>;
  writeMark(name: string, value: string): Promise<void>;
  close(): Promise<void>;
}
