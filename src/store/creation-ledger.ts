import type Database from 'better-sqlite3';
import type { CreationLedger, CreationPart, CreationRecord } from '../imports/creation-ledger.ts';
import { reviveImport, type Import, type ImportProvider } from '../imports/model.ts';
import { inProcessLock } from '../process-locks.ts';
import { StatementCache } from './statement-cache.ts';
import { fromSync } from './synchronous.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS idempotency_keys (
    key_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    completed_at INTEGER
  );
  CREATE TABLE IF NOT EXISTS idempotency_parts (
    key_hash TEXT NOT NULL,
    part INTEGER NOT NULL,
    state TEXT NOT NULL,
    item TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (key_hash, part)
  );
`;

interface KeyRow {
  key_hash: string;
  provider: ImportProvider;
  fingerprint: string;
  created_at: number;
  completed_at: number | null;
}

interface PartRow {
  part: number;
  state: 'sending' | 'created';
  item: string | null;
  updated_at: number;
}

/** A part as stored: the import as JSON (dates as ISO strings), revived here. */
export function revivePart(
  part: number,
  state: string,
  item: string | null,
  updatedAt: number,
): CreationPart {
  return {
    part,
    state: state === 'created' ? 'created' : 'sending',
    item: item === null ? null : reviveImport(JSON.parse(item)),
    updatedAt,
  };
}

/** Upserts a part only while its key is open. */
const WRITE_PART = `
  INSERT INTO idempotency_parts (key_hash, part, state, item, updated_at)
  SELECT @keyHash, @part, @state, @item, @now WHERE EXISTS (SELECT 1 FROM idempotency_keys WHERE key_hash = @keyHash)
  ON CONFLICT (key_hash, part) DO UPDATE SET state = excluded.state, item = excluded.item, updated_at = excluded.updated_at`;

/**
 * The ledger in the registry's SQLite database (two tables beside `imports`). One process owns a
 * DATA_DIR, so the in-process lock is the whole lock.
 */
export class SqliteCreationLedger implements CreationLedger {
  private readonly statements: StatementCache;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.statements = new StatementCache(db);
  }

  find(keyHash: string): Promise<CreationRecord | undefined> {
    return fromSync(() => {
      const key = this.statements.get('SELECT * FROM idempotency_keys WHERE key_hash = ?').get(keyHash) as
        KeyRow | undefined;
      if (!key) return undefined;
      const rows = this.statements
        .get('SELECT part, state, item, updated_at FROM idempotency_parts WHERE key_hash = ? ORDER BY part')
        .all(keyHash) as PartRow[];
      return {
        keyHash,
        provider: key.provider,
        fingerprint: key.fingerprint,
        createdAt: key.created_at,
        completed: key.completed_at !== null,
        parts: new Map(
          rows.map((row) => [row.part, revivePart(row.part, row.state, row.item, row.updated_at)]),
        ),
      };
    });
  }

  open(keyHash: string, provider: ImportProvider, fingerprint: string, now: number): Promise<void> {
    return fromSync(() => {
      this.statements
        .get(
          'INSERT OR IGNORE INTO idempotency_keys (key_hash, provider, fingerprint, created_at) VALUES (?, ?, ?, ?)',
        )
        .run(keyHash, provider, fingerprint, now);
    });
  }

  sending(keyHash: string, part: number, now: number): Promise<void> {
    return fromSync(() => {
      this.statements.get(WRITE_PART).run({ keyHash, part, state: 'sending', item: null, now });
    });
  }

  created(keyHash: string, part: number, item: Import, now: number): Promise<void> {
    return fromSync(() => {
      this.statements
        .get(WRITE_PART)
        .run({ keyHash, part, state: 'created', item: JSON.stringify(item), now });
    });
  }

  clear(keyHash: string, part: number): Promise<void> {
    return fromSync(() => {
      this.statements.get('DELETE FROM idempotency_parts WHERE key_hash = ? AND part = ?').run(keyHash, part);
    });
  }

  complete(keyHash: string, now: number): Promise<void> {
    return fromSync(() => {
      this.statements
        .get('UPDATE idempotency_keys SET completed_at = ? WHERE key_hash = ?')
        .run(now, keyHash);
    });
  }

  remove(keyHash: string): Promise<void> {
    return fromSync(() => {
      this.db.transaction(() => {
        this.statements.get('DELETE FROM idempotency_parts WHERE key_hash = ?').run(keyHash);
        this.statements.get('DELETE FROM idempotency_keys WHERE key_hash = ?').run(keyHash);
      })();
    });
  }

  lock<T>(name: string, run: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return inProcessLock(name, run, signal);
  }
}
