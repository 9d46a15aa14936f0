import type Database from 'better-sqlite3';
import { reviveImport, type Import, type ImportProvider } from '../imports/model.ts';
import { inProcessLock } from './process-locks.ts';
import { fromSync } from './synchronous.ts';

/**
 * Durable memory of `createImport` calls made with an idempotency key: which request the key was
 * first used for, and each vendor import (part) sent under it. A part is written as `sending`
 * before the vendor request and as `created` once the vendor's answer names it, so after a crash
 * or a lost answer the gateway knows which parts may exist and looks them up instead of sending
 * them again. Keys are stored hashed: they are the caller's, possibly meaningful, strings.
 */
export interface CreationPart {
  part: number;
  state: 'sending' | 'created';
  /** The import as the vendor answered its creation (state `created`). */
  item: Import | null;
  updatedAt: number;
}

export interface CreationRecord {
  keyHash: string;
  provider: ImportProvider;
  /** Hash of the request the key was first used with. */
  fingerprint: string;
  createdAt: number;
  /** Every part was created: a retry only answers the stored result. */
  completed: boolean;
  parts: Map<number, CreationPart>;
}

export interface CreationLedger {
  find(keyHash: string): Promise<CreationRecord | undefined>;
  /** Starts the record of a key; a key already recorded keeps its first request. */
  open(keyHash: string, provider: ImportProvider, fingerprint: string, now: number): Promise<void>;
  /** Part writes change nothing for a key that is not open. */
  sending(keyHash: string, part: number, now: number): Promise<void>;
  created(keyHash: string, part: number, item: Import, now: number): Promise<void>;
  /** The part is known not to exist (the vendor refused it): it may be sent again. */
  clear(keyHash: string, part: number): Promise<void>;
  complete(keyHash: string, now: number): Promise<void>;
  /** Nothing was created under the key: forget it, so the caller may fix the input and reuse it. */
  remove(keyHash: string): Promise<void>;
  /**
   * Runs `run` while no other call holds the lock `name`: in this process, and in every instance
   * that shares the ledger. Waiting ends with `signal` (the caller's deadline), rejecting with its
   * reason.
   */
  lock<T>(name: string, run: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

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
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  find(keyHash: string): Promise<CreationRecord | undefined> {
    return fromSync(() => {
      const key = this.db.prepare('SELECT * FROM idempotency_keys WHERE key_hash = ?').get(keyHash) as
        KeyRow | undefined;
      if (!key) return undefined;
      const rows = this.db
        .prepare(
          'SELECT part, state, item, updated_at FROM idempotency_parts WHERE key_hash = ? ORDER BY part',
        )
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
      this.db
        .prepare(
          'INSERT OR IGNORE INTO idempotency_keys (key_hash, provider, fingerprint, created_at) VALUES (?, ?, ?, ?)',
        )
        .run(keyHash, provider, fingerprint, now);
    });
  }

  sending(keyHash: string, part: number, now: number): Promise<void> {
    return fromSync(() => {
      this.db.prepare(WRITE_PART).run({ keyHash, part, state: 'sending', item: null, now });
    });
  }

  created(keyHash: string, part: number, item: Import, now: number): Promise<void> {
    return fromSync(() => {
      this.db.prepare(WRITE_PART).run({ keyHash, part, state: 'created', item: JSON.stringify(item), now });
    });
  }

  clear(keyHash: string, part: number): Promise<void> {
    return fromSync(() => {
      this.db.prepare('DELETE FROM idempotency_parts WHERE key_hash = ? AND part = ?').run(keyHash, part);
    });
  }

  complete(keyHash: string, now: number): Promise<void> {
    return fromSync(() => {
      this.db.prepare('UPDATE idempotency_keys SET completed_at = ? WHERE key_hash = ?').run(now, keyHash);
    });
  }

  remove(keyHash: string): Promise<void> {
    return fromSync(() => {
      this.db.transaction(() => {
        this.db.prepare('DELETE FROM idempotency_parts WHERE key_hash = ?').run(keyHash);
        this.db.prepare('DELETE FROM idempotency_keys WHERE key_hash = ?').run(keyHash);
      })();
    });
  }

  lock<T>(name: string, run: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return inProcessLock(name, run, signal);
  }
}

/** The same ledger in memory, for adaptors built without a store (unit tests); lost on restart. */
export class MemoryCreationLedger implements CreationLedger {
  private readonly records = new Map<string, CreationRecord>();

  find(keyHash: string): Promise<CreationRecord | undefined> {
    const record = this.records.get(keyHash);
    return Promise.resolve(record && { ...record, parts: new Map(record.parts) });
  }

  open(keyHash: string, provider: ImportProvider, fingerprint: string, now: number): Promise<void> {
    if (!this.records.has(keyHash)) {
      this.records.set(keyHash, {
        keyHash,
        provider,
        fingerprint,
        createdAt: now,
        completed: false,
        parts: new Map(),
      });
    }
    return Promise.resolve();
  }

  sending(keyHash: string, part: number, now: number): Promise<void> {
    this.records.get(keyHash)?.parts.set(part, { part, state: 'sending', item: null, updatedAt: now });
    return Promise.resolve();
  }

  created(keyHash: string, part: number, item: Import, now: number): Promise<void> {
    this.records.get(keyHash)?.parts.set(part, { part, state: 'created', item, updatedAt: now });
    return Promise.resolve();
  }

  clear(keyHash: string, part: number): Promise<void> {
    this.records.get(keyHash)?.parts.delete(part);
    return Promise.resolve();
  }

  complete(keyHash: string): Promise<void> {
    const record = this.records.get(keyHash);
    if (record) record.completed = true;
    return Promise.resolve();
  }

  remove(keyHash: string): Promise<void> {
    this.records.delete(keyHash);
    return Promise.resolve();
  }

  lock<T>(name: string, run: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return inProcessLock(name, run, signal);
  }
}
