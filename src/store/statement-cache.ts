import type Database from 'better-sqlite3';

/** Enough for every filter shape a deployment sends in practice; a limit so odd ones cannot grow it forever. */
const DEFAULT_LIMIT = 64;

/**
 * Prepared statements of one database, each prepared once per distinct SQL text. Preparing is
 * SQLite parsing and planning the query: 2.7 % of a page's CPU when every list prepared its
 * statement again (bench/NOTES.md, round two). The text varies with the filter (which bounds,
 * how many statuses, resource types or ids), so the cache is bounded: past `limit` texts, the one
 * used least recently is dropped (its statement is finalized when collected).
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly limit = DEFAULT_LIMIT,
  ) {}

  get(sql: string): Database.Statement {
    const cached = this.statements.get(sql);
    if (cached) {
      // Most recently used last, so the first key is always the one to drop.
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const statement = this.db.prepare(sql);
    this.statements.set(sql, statement);
    if (this.statements.size > this.limit) this.statements.delete(this.statements.keys().next().value!);
    return statement;
  }

  /** How many texts are kept (tests). */
  get size(): number {
    return this.statements.size;
  }
}
