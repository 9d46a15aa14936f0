import type Database from 'better-sqlite3';
import { reviveImport, type Import, type ImportProvider } from '../imports/model.ts';

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
  find(keyHash: string): CreationRecord | undefined;
  open(keyHash: string, provider: ImportProvider, fingerprint: string, now: number): void;
  sending(keyHash: string, part: number, now: number): void;
  created(keyHash: string, part: number, item: Import, now: number): void;
  /** The part is known not to exist (the vendor refused it): it may be sent again. */
  clear(keyHash: string, part: number): void;
  complete(keyHash: string, now: number): void;
  /** Nothing was created under the key: forget it, so the caller may fix the input and reuse it. */
  remove(keyHash: string): void;
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

/** The ledger in the registry's SQLite database (two tables beside `imports`). */
export class SqliteCreationLedger implements CreationLedger {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  find(keyHash: string): CreationRecord | undefined {
    const key = this.db.prepare('SELECT * FROM idempotency_keys WHERE key_hash = ?').get(keyHash) as
      KeyRow | undefined;
    if (!key) return undefined;
    const rows = this.db
      .prepare('SELECT part, state, item, updated_at FROM idempotency_parts WHERE key_hash = ? ORDER BY part')
      .all(keyHash) as PartRow[];
    return {
      keyHash,
      provider: key.provider,
      fingerprint: key.fingerprint,
      createdAt: key.created_at,
      completed: key.completed_at !== null,
      parts: new Map(
        rows.map((row) => [
          row.part,
          {
            part: row.part,
            state: row.state,
            item: row.item === null ? null : reviveImport(JSON.parse(row.item)),
            updatedAt: row.updated_at,
          },
        ]),
      ),
    };
  }

  open(keyHash: string, provider: ImportProvider, fingerprint: string, now: number): void {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO idempotency_keys (key_hash, provider, fingerprint, created_at) VALUES (?, ?, ?, ?)',
      )
      .run(keyHash, provider, fingerprint, now);
  }

  sending(keyHash: string, part: number, now: number): void {
    this.db
      .prepare(
        `INSERT INTO idempotency_parts (key_hash, part, state, item, updated_at) VALUES (?, ?, 'sending', NULL, ?)
         ON CONFLICT (key_hash, part) DO UPDATE SET state = 'sending', item = NULL, updated_at = excluded.updated_at`,
      )
      .run(keyHash, part, now);
  }

  created(keyHash: string, part: number, item: Import, now: number): void {
    this.db
      .prepare(
        `INSERT INTO idempotency_parts (key_hash, part, state, item, updated_at) VALUES (?, ?, 'created', ?, ?)
         ON CONFLICT (key_hash, part) DO UPDATE SET state = 'created', item = excluded.item, updated_at = excluded.updated_at`,
      )
      .run(keyHash, part, JSON.stringify(item), now);
  }

  clear(keyHash: string, part: number): void {
    this.db.prepare('DELETE FROM idempotency_parts WHERE key_hash = ? AND part = ?').run(keyHash, part);
  }

  complete(keyHash: string, now: number): void {
    this.db.prepare('UPDATE idempotency_keys SET completed_at = ? WHERE key_hash = ?').run(now, keyHash);
  }

  remove(keyHash: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM idempotency_parts WHERE key_hash = ?').run(keyHash);
      this.db.prepare('DELETE FROM idempotency_keys WHERE key_hash = ?').run(keyHash);
    })();
  }
}

/** The same ledger in memory, for adaptors built without a store (unit tests); lost on restart. */
export class MemoryCreationLedger implements CreationLedger {
  private readonly records = new Map<string, CreationRecord>();

  find(keyHash: string): CreationRecord | undefined {
    const record = this.records.get(keyHash);
    return record && { ...record, parts: new Map(record.parts) };
  }

  open(keyHash: string, provider: ImportProvider, fingerprint: string, now: number): void {
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
  }

  sending(keyHash: string, part: number, now: number): void {
    this.records.get(keyHash)?.parts.set(part, { part, state: 'sending', item: null, updatedAt: now });
  }

  created(keyHash: string, part: number, item: Import, now: number): void {
    this.records.get(keyHash)?.parts.set(part, { part, state: 'created', item, updatedAt: now });
  }

  clear(keyHash: string, part: number): void {
    this.records.get(keyHash)?.parts.delete(part);
  }

  complete(keyHash: string): void {
    const record = this.records.get(keyHash);
    if (record) record.completed = true;
  }

  remove(keyHash: string): void {
    this.records.delete(keyHash);
  }
}
