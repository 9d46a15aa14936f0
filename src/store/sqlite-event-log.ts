import type Database from 'better-sqlite3';
import type { ImportChange, LoggedChange } from '../imports/change.ts';
import { formatEventId, type EventPosition } from '../imports/event-id.ts';
import { reviveChange } from '../imports/change.ts';
import { StatementCache } from './statement-cache.ts';
import { resumePoint, type EventLog, type EventRetention } from './event-log.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS live_events (
    ms INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (ms, seq)
  ) WITHOUT ROWID;
`;

interface Row {
  ms: number;
  seq: number;
}

/**
 * The embedded event log: a table beside the last known states, in their file, so a change and
 * its event are written in one transaction. Ids copy a Redis stream's (`imports/event-id.ts`).
 * Like a stream trimmed with `~`, it lets either limit be passed by a slack (a 64th of it) and then
 * trims in one statement, so most events cost one insert and no delete. Trimming keeps the newest
 * event, so the newest id survives a restart.
 */
export class SqliteEventLog implements EventLog {
  private newest: EventPosition | undefined;
  private oldestMs: number | undefined;
  private size: number;
  private readonly insert: Database.Statement;
  private readonly statements: StatementCache;
  private readonly countSlack: number;
  private readonly timeSlackMs: number;

  constructor(
    private readonly db: Database.Database,
    private readonly retention: EventRetention,
    private readonly now: () => number,
  ) {
    db.exec(SCHEMA);
    this.statements = new StatementCache(db);
    this.insert = db.prepare('INSERT INTO live_events (ms, seq, data) VALUES (?, ?, ?)');
    this.countSlack = Math.max(1, Math.floor(retention.count / 64));
    this.timeSlackMs = Math.floor(retention.ms / 64);
    this.size = (db.prepare('SELECT count(*) AS n FROM live_events').get() as { n: number }).n;
    this.newest = this.edge('DESC');
    this.oldestMs = this.edge('ASC')?.[0];
    this.trim();
  }

  /** Numbers the change and writes it; call it in the transaction that keeps the change. */
  append(change: ImportChange): LoggedChange {
    const now = this.now();
    const newest = this.newest;
    const position: EventPosition = newest && newest[0] >= now ? [newest[0], newest[1] + 1] : [now, 0];
    this.insert.run(position[0], position[1], JSON.stringify(change));
    this.newest = position;
    this.oldestMs ??= position[0];
    this.size += 1;
    if (
      this.size > this.retention.count + this.countSlack ||
      this.oldestMs < now - this.retention.ms - this.timeSlackMs
    )
      this.trim();
    return { ...change, eventId: formatEventId(position), occurredAt: new Date(position[0]) };
  }

  eventsAfter(after: string, limit: number): Promise<LoggedChange[]> {
    // What `read` throws becomes the promise's rejection, as with the Redis log.
    return new Promise((resolve) => resolve(this.read(after, limit)));
  }

  private read(after: string, limit: number): LoggedChange[] {
    const [ms, seq] = resumePoint(after, { oldest: this.edge('ASC'), newest: this.newest });
    const rows = this.statements
      .get(
        `SELECT ms, seq, data FROM live_events WHERE ms > ? OR (ms = ? AND seq > ?)
         ORDER BY ms, seq LIMIT ?`,
      )
      .all(ms, ms, seq, limit) as (Row & { data: string })[];
    return rows.map((row) => ({
      ...reviveChange(row.data),
      eventId: formatEventId([row.ms, row.seq]),
      occurredAt: new Date(row.ms),
    }));
  }

  /** Drops what is past either limit, the newest event excepted. */
  private trim(): void {
    const newest = this.newest;
    if (!newest) return;
    const cutoff = Math.min(this.now() - this.retention.ms, newest[0]);
    let deleted = this.statements.get('DELETE FROM live_events WHERE ms < ?').run(cutoff).changes;
    const excess = this.size - deleted - this.retention.count;
    if (excess > 0)
      deleted += this.statements
        .get(
          `DELETE FROM live_events WHERE (ms, seq) IN
           (SELECT ms, seq FROM live_events ORDER BY ms, seq LIMIT ?)`,
        )
        .run(excess).changes;
    this.size -= deleted;
    this.oldestMs = this.edge('ASC')?.[0];
  }

  private edge(order: 'ASC' | 'DESC'): EventPosition | undefined {
    const row = this.statements
      .get(`SELECT ms, seq FROM live_events ORDER BY ms ${order}, seq ${order} LIMIT 1`)
      .get() as Row | undefined;
    return row && [row.ms, row.seq];
  }
}
