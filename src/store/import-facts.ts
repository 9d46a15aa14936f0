import type Database from 'better-sqlite3';
import type { ImportProvider } from '../imports/model.ts';
import { fromSync } from './synchronous.ts';

/**
 * Things the gateway learned about one import that the vendor will not tell again:
 * - `interrupted-by-gateway`: the gateway sent Commerce Layer's `_interrupt`, so `interrupted`
 *   means CANCELLED, not the vendor's 10 % error stop (specs/VENDOR-REFERENCE.md §4);
 * - `results`: SailPoint's results download of a COMPLETE job, which never changes once written
 *   and disappears at the job's `expiration`;
 * - `expiration`: when SailPoint stops answering for a job;
 * - `results-due`: a SailPoint job registered COMPLETE without a vendor call, whose download must
 *   still be read to know whether it PARTIALLY_SUCCEEDED;
 * - `results-refused`: SailPoint refused the results download of a FAILED job, which is tried once.
 * Values are JSON.
 */
export type ImportFactKind =
  'interrupted-by-gateway' | 'results' | 'expiration' | 'results-due' | 'results-refused';

export interface ImportFacts {
  /**
   * Whether other instances write these facts too (Redis). When not, what this process wrote is
   * all there is, and a reader may keep what it read.
   */
  readonly shared: boolean;
  get(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<unknown>;
  set(
    provider: ImportProvider,
    providerId: string,
    kind: ImportFactKind,
    value: unknown,
    now: number,
  ): Promise<void>;
  remove(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<void>;
  /** Every import of the provider with a fact of this kind. */
  idsWith(provider: ImportProvider, kind: ImportFactKind): Promise<string[]>;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS import_facts (
    provider TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (provider, kind, provider_id)
  );
`;

/** The facts in the registry's SQLite database, beside `imports`. */
export class SqliteImportFacts implements ImportFacts {
  readonly shared = false;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  get(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<unknown> {
    return fromSync(() => {
      const row = this.db
        .prepare('SELECT value FROM import_facts WHERE provider = ? AND kind = ? AND provider_id = ?')
        .get(provider, kind, providerId) as { value: string } | undefined;
      return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
    });
  }

  set(
    provider: ImportProvider,
    providerId: string,
    kind: ImportFactKind,
    value: unknown,
    now: number,
  ): Promise<void> {
    return fromSync(() => {
      this.db
        .prepare(
          `INSERT INTO import_facts (provider, provider_id, kind, value, saved_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (provider, kind, provider_id) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at`,
        )
        .run(provider, providerId, kind, JSON.stringify(value), now);
    });
  }

  remove(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<void> {
    return fromSync(() => {
      this.db
        .prepare('DELETE FROM import_facts WHERE provider = ? AND kind = ? AND provider_id = ?')
        .run(provider, kind, providerId);
    });
  }

  idsWith(provider: ImportProvider, kind: ImportFactKind): Promise<string[]> {
    return fromSync(() => {
      const rows = this.db
        .prepare('SELECT provider_id FROM import_facts WHERE provider = ? AND kind = ?')
        .all(provider, kind) as { provider_id: string }[];
      return rows.map((row) => row.provider_id);
    });
  }
}

/** The same in memory, for adaptors built without a store (unit tests); lost on restart. */
export class MemoryImportFacts implements ImportFacts {
  readonly shared = false;
  private readonly facts = new Map<string, unknown>();

  get(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<unknown> {
    return Promise.resolve(this.facts.get(JSON.stringify([provider, kind, providerId])));
  }

  set(provider: ImportProvider, providerId: string, kind: ImportFactKind, value: unknown): Promise<void> {
    this.facts.set(JSON.stringify([provider, kind, providerId]), value);
    return Promise.resolve();
  }

  remove(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<void> {
    this.facts.delete(JSON.stringify([provider, kind, providerId]));
    return Promise.resolve();
  }

  idsWith(provider: ImportProvider, kind: ImportFactKind): Promise<string[]> {
    return Promise.resolve(
      [...this.facts.keys()]
        .map((key) => JSON.parse(key) as [string, string, string])
        .filter(([p, k]) => p === provider && k === kind)
        .map(([, , id]) => id),
    );
  }
}
