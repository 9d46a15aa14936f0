import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  IMPORT_STATUSES,
  providerRank,
  reviveImport,
  type Import,
  type ImportProvider,
} from '../imports/model.ts';
import type { ImportConditions, ListRequest } from '../imports/import-source.ts';
import { SqliteCreationLedger } from './creation-ledger.ts';
import { SqliteImportFacts } from './import-facts.ts';
import type { ImportStore, StoredImport } from '../imports/import-store.ts';
import { resourceTypeNeedle, resourceTypesColumn } from './resource-types.ts';
import { StatementCache } from './statement-cache.ts';
import { fromSync } from './synchronous.ts';

interface Row {
  data: string;
  refreshed_at: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS imports (
    provider TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    resource_types TEXT NOT NULL,
    data TEXT NOT NULL,
    refreshed_at INTEGER NOT NULL,
    PRIMARY KEY (provider, provider_id)
  );
  CREATE INDEX IF NOT EXISTS imports_by_created ON imports (provider, created_at, provider_id);
  CREATE INDEX IF NOT EXISTS imports_by_updated ON imports (provider, updated_at, provider_id);
`;

/** The embedded store: one SQLite file in DATA_DIR, surviving restarts. */
export class SqliteImportStore implements ImportStore {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement;
  /** List, count and get: their text varies with the filter, each text is prepared once. */
  private readonly statements: StatementCache;
  readonly creations: SqliteCreationLedger;
  readonly facts: SqliteImportFacts;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'gateway.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.statements = new StatementCache(this.db);
    this.creations = new SqliteCreationLedger(this.db);
    this.facts = new SqliteImportFacts(this.db);
    this.upsert = this.db.prepare(`
      INSERT INTO imports (provider, provider_id, created_at, updated_at, status, resource_types, data, refreshed_at)
      VALUES (@provider, @providerId, @createdAt, @updatedAt, @status, @resourceTypes, @data, @refreshedAt)
      ON CONFLICT (provider, provider_id) DO UPDATE SET
        created_at = excluded.created_at, updated_at = excluded.updated_at, status = excluded.status,
        resource_types = excluded.resource_types, data = excluded.data, refreshed_at = excluded.refreshed_at
      WHERE excluded.updated_at >= imports.updated_at`);
  }

  save(item: Import, refreshedAt: number): Promise<void> {
    return fromSync(() => this.saveNow(item, refreshedAt));
  }

  list(provider: ImportProvider, request: ListRequest): Promise<StoredImport[]> {
    return fromSync(() => this.listNow(provider, request));
  }

  count(provider: ImportProvider, conditions: ImportConditions): Promise<number> {
    return fromSync(() => this.countNow(provider, conditions));
  }

  get(provider: ImportProvider, providerIds: readonly string[]): Promise<Map<string, StoredImport>> {
    return fromSync(() => this.getNow(provider, providerIds));
  }

  close(): Promise<void> {
    return fromSync(() => {
      this.db.close();
    });
  }

  private saveNow(item: Import, refreshedAt: number): void {
    this.upsert.run({
      provider: item.provider,
      providerId: item.providerId,
      createdAt: item.createdAt.getTime(),
      updatedAt: item.updatedAt.getTime(),
      status: item.status,
      resourceTypes: resourceTypesColumn(item),
      data: JSON.stringify(item),
      refreshedAt,
    });
  }

  private listNow(provider: ImportProvider, request: ListRequest): StoredImport[] {
    const where = this.conditions(provider, request.conditions);
    const column = request.order.field === 'CREATED_AT' ? 'created_at' : 'updated_at';
    const direction = request.order.direction;
    const after = request.after;
    if (after) {
      // Strictly after the cursor in the total order (time, provider rank, id length, id).
      const later = direction === 'ASC' ? '>' : '<';
      const rankDelta = providerRank(provider) - providerRank(after.provider);
      const sameTime =
        rankDelta === 0
          ? `(length(provider_id) ${later} @afterIdLength OR (length(provider_id) = @afterIdLength AND provider_id ${later} @afterId))`
          : (direction === 'ASC') === rankDelta > 0
            ? '1'
            : '0';
      where.sql.push(`(${column} ${later} @afterAt OR (${column} = @afterAt AND ${sameTime}))`);
      Object.assign(where.params, {
        afterAt: after.at,
        afterId: after.providerId,
        afterIdLength: after.providerId.length,
      });
    }
    const rows = this.statements
      .get(
        `SELECT data, refreshed_at FROM imports WHERE ${where.sql.join(' AND ')}
         ORDER BY ${column} ${direction}, length(provider_id) ${direction}, provider_id ${direction} LIMIT @limit`,
      )
      .all({ ...where.params, limit: request.limit }) as Row[];
    return rows.map((row) => ({ item: reviveImport(JSON.parse(row.data)), refreshedAt: row.refreshed_at }));
  }

  private countNow(provider: ImportProvider, conditions: ImportConditions): number {
    const where = this.conditions(provider, conditions);
    const row = this.statements
      .get(`SELECT count(*) AS n FROM imports WHERE ${where.sql.join(' AND ')}`)
      .get(where.params) as {
      n: number;
    };
    return row.n;
  }

  private getNow(provider: ImportProvider, providerIds: readonly string[]): Map<string, StoredImport> {
    const found = new Map<string, StoredImport>();
    if (providerIds.length === 0) return found;
    const rows = this.statements
      .get(
        `SELECT provider_id, data, refreshed_at FROM imports WHERE provider = ? AND provider_id IN (${providerIds.map(() => '?').join(',')})`,
      )
      .all(provider, ...providerIds) as (Row & { provider_id: string })[];
    for (const row of rows)
      found.set(row.provider_id, { item: reviveImport(JSON.parse(row.data)), refreshedAt: row.refreshed_at });
    return found;
  }

  private conditions(provider: ImportProvider, conditions: ImportConditions) {
    const sql = ['provider = @provider'];
    const params: Record<string, unknown> = { provider };
    if (conditions.statuses) {
      const statuses = conditions.statuses.filter((status) => IMPORT_STATUSES.includes(status));
      sql.push(statuses.length ? `status IN (${statuses.map((status) => `'${status}'`).join(',')})` : '0');
    }
    if (conditions.resourceTypes) {
      // instr, not LIKE: LIKE ignores ASCII case, and a resource type must match exactly.
      const clauses = conditions.resourceTypes.map((_, index) => `instr(resource_types, @type${index}) > 0`);
      conditions.resourceTypes.forEach((type, index) => {
        params[`type${index}`] = resourceTypeNeedle(type);
      });
      sql.push(clauses.length ? `(${clauses.join(' OR ')})` : '0');
    }
    const bounds = [
      ['createdAfter', 'created_at', '>'],
      ['createdBefore', 'created_at', '<'],
      ['updatedAfter', 'updated_at', '>'],
      ['updatedBefore', 'updated_at', '<'],
    ] as const;
    for (const [key, column, operator] of bounds) {
      if (conditions[key] === undefined) continue;
      sql.push(`${column} ${operator} @${key}`);
      params[key] = conditions[key];
    }
    return { sql, params };
  }
}
