import type Database from 'better-sqlite3';
import type { ImportFactKind, ImportFacts } from '../imports/import-facts.ts';
import type { ImportProvider } from '../imports/model.ts';
import { StatementCache } from './statement-cache.ts';
import { fromSync } from './synchronous.ts';

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
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    db.exec(SCHEMA);
    this.statements = new StatementCache(db);
  }

  get(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<unknown> {
    return fromSync(() => {
      const row = this.statements
        .get('SELECT value FROM import_facts WHERE provider = ? AND kind = ? AND provider_id = ?')
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
      this.statements
        .get(
          `INSERT INTO import_facts (provider, provider_id, kind, value, saved_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (provider, kind, provider_id) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at`,
        )
        .run(provider, providerId, kind, JSON.stringify(value), now);
    });
  }

  remove(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<void> {
    return fromSync(() => {
      this.statements
        .get('DELETE FROM import_facts WHERE provider = ? AND kind = ? AND provider_id = ?')
        .run(provider, kind, providerId);
    });
  }

  idsWith(provider: ImportProvider, kind: ImportFactKind): Promise<string[]> {
    return fromSync(() => {
      const rows = this.statements
        .get('SELECT provider_id FROM import_facts WHERE provider = ? AND kind = ?')
        .all(provider, kind) as { provider_id: string }[];
      return rows.map((row) => row.provider_id);
    });
  }
}
