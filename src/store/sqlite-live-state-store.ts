import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { importKey, judge, type KnownState, type LoggedChange, type Observation } from '../imports/change.ts';
import { reviveImport } from '../imports/model.ts';
import { DEFAULT_EVENT_RETENTION, type EventRetention } from './event-log.ts';
import type { LiveStateStore } from './live-state-store.ts';
import { SqliteEventLog } from './sqlite-event-log.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS live_states (
    key TEXT PRIMARY KEY,
    updated_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    data TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS live_marks (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** States nobody recorded for this long are dropped at start: imports end within hours. */
const KEEP_MS = 30 * 24 * 3600_000;

interface Row {
  key: string;
  deleted: number;
  data: string;
}

/**
 * The embedded store: its own SQLite file beside the registry in DATA_DIR. better-sqlite3 is
 * synchronous, so compare-and-keep cannot interleave with another record in this process.
 */
export class SqliteLiveStateStore implements LiveStateStore {
  readonly announces = false;
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], Row>;
  private readonly upsert: Database.Statement;
  private readonly log: SqliteEventLog;
  private readonly keepAndLog: (observation: Observation) => LoggedChange | undefined;

  constructor(
    dataDir: string,
    retention: EventRetention = DEFAULT_EVENT_RETENTION,
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'live-state.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.db.prepare('DELETE FROM live_states WHERE recorded_at < ?').run(now() - KEEP_MS);
    this.select = this.db.prepare('SELECT key, deleted, data FROM live_states WHERE key = ?');
    this.upsert = this.db.prepare(`
      INSERT INTO live_states (key, updated_at, deleted, data, recorded_at)
      VALUES (@key, @updatedAt, @deleted, @data, @recordedAt)
      ON CONFLICT (key) DO UPDATE SET updated_at = excluded.updated_at, deleted = excluded.deleted,
        data = excluded.data, recorded_at = excluded.recorded_at`);
    this.log = new SqliteEventLog(this.db, retention, now);
    // The state and its event in one transaction: a crash between them cannot lose the event.
    this.keepAndLog = this.db.transaction((observation: Observation) => {
      const key = importKey(observation.item);
      const row = this.select.get(key);
      const verdict = judge(row && toKnown(row), observation);
      if (verdict.action === 'ignore') return undefined;
      this.upsert.run({
        key,
        updatedAt: observation.item.updatedAt.getTime(),
        deleted: observation.deleted ? 1 : 0,
        data: JSON.stringify(observation.item),
        recordedAt: this.now(),
      });
      return verdict.action === 'announce' ? this.log.append(verdict.change) : undefined;
    });
  }

  record(observation: Observation): Promise<LoggedChange | undefined> {
    return Promise.resolve(this.keepAndLog(observation));
  }

  eventsAfter(after: string, limit: number): Promise<LoggedChange[]> {
    return this.log.eventsAfter(after, limit);
  }

  lastKnown(keys: readonly string[]): Promise<Map<string, KnownState>> {
    const found = new Map<string, KnownState>();
    for (const key of new Set(keys)) {
      const row = this.select.get(key);
      if (row) found.set(key, toKnown(row));
    }
    return Promise.resolve(found);
  }

  readMark(name: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT value FROM live_marks WHERE name = ?').get(name) as
      { value: string } | undefined;
    return Promise.resolve(row?.value);
  }

  writeMark(name: string, value: string): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO live_marks (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      )
      .run(name, value);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}

function toKnown(row: Row): KnownState {
  return { item: reviveImport(JSON.parse(row.data)), deleted: row.deleted === 1 };
}
