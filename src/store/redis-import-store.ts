import type { Redis } from 'ioredis';
import { reviveImport, type Import, type ImportProvider } from '../imports/model.ts';
import type { ImportConditions, ListRequest } from '../imports/import-source.ts';
import type { ImportStore, StoredImport } from '../imports/import-store.ts';
import { RedisCreationLedger } from './redis-creation-ledger.ts';
import { storeCall } from './store-unavailable.ts';
import { RedisImportFacts } from './redis-import-facts.ts';
import {
  countArguments,
  indexedCount,
  orderMember,
  queryArguments,
  QUERY_SCRIPT,
  type RegistryWalk,
} from './redis-registry-query.ts';
import { resourceTypesColumn } from './resource-types.ts';

/**
 * Saves an import's hash and places it in both order indexes and in both indexes of its status
 * (moving it out of its old status's), unless the state stored is a later one of the vendor's (a
 * newer updatedAt). KEYS: item hash, creation index, update index. ARGV: refreshedAt, data,
 * status, resource types, createdAt ms, updatedAt ms, index member, status index prefix.
 */
const SAVE_SCRIPT = `
local stored = redis.call('HMGET', KEYS[1], 'u', 's')
if stored[1] and tonumber(stored[1]) > tonumber(ARGV[6]) then return 0 end
redis.call('HSET', KEYS[1], 'r', ARGV[1], 'd', ARGV[2], 's', ARGV[3], 't', ARGV[4], 'c', ARGV[5], 'u', ARGV[6])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[7])
redis.call('ZADD', KEYS[3], ARGV[6], ARGV[7])
if stored[2] and stored[2] ~= ARGV[3] then
  redis.call('ZREM', ARGV[8] .. stored[2] .. ':by:CREATED_AT', ARGV[7])
  redis.call('ZREM', ARGV[8] .. stored[2] .. ':by:UPDATED_AT', ARGV[7])
end
redis.call('ZADD', ARGV[8] .. ARGV[3] .. ':by:CREATED_AT', ARGV[5], ARGV[7])
redis.call('ZADD', ARGV[8] .. ARGV[3] .. ':by:UPDATED_AT', ARGV[6], ARGV[7])
return 1
`;

/**
 * The registry in Redis (REDIS_URL), shared by every instance, with the creation ledger and the
 * import facts beside it: a SailPoint job created or registered through one instance is listed by
 * all, and a retried creation may reach any instance. Per import a hash (`d` the import as JSON,
 * `r` when it was read, and the fields the filters look at); per provider and order field a
 * sorted set by milliseconds. Lists and counts run as one script (redis-registry-query.ts).
 */
export class RedisImportStore implements ImportStore {
  readonly creations: RedisCreationLedger;
  readonly facts: RedisImportFacts;

  constructor(
    private readonly redis: Redis,
    /** Prefix of every key, e.g. `import-gateway:`. */
    private readonly prefix: string,
  ) {
    this.creations = new RedisCreationLedger(redis, prefix);
    this.facts = new RedisImportFacts(redis, prefix);
  }

  async save(item: Import, refreshedAt: number): Promise<void> {
    const provider = item.provider;
    await storeCall(() =>
      this.redis.eval(
        SAVE_SCRIPT,
        3,
        this.itemKey(provider, item.providerId),
        this.indexKey(provider, 'CREATED_AT'),
        this.indexKey(provider, 'UPDATED_AT'),
        String(refreshedAt),
        JSON.stringify(item),
        item.status,
        resourceTypesColumn(item),
        String(item.createdAt.getTime()),
        String(item.updatedAt.getTime()),
        orderMember(item.providerId),
        `${this.prefix}registry:${provider}:status:`,
      ),
    );
  }

  async list(provider: ImportProvider, request: ListRequest): Promise<StoredImport[]> {
    const walk = queryArguments(provider, this.itemKey(provider, ''), request);
    if (!walk || request.limit <= 0) return [];
    const keys = this.walkKeys(provider, request.order.field, walk);
    const pairs = (await storeCall(() =>
      this.redis.eval(QUERY_SCRIPT, keys.length, ...keys, ...walk.args),
    )) as string[];
    const found: StoredImport[] = [];
    for (let index = 0; index < pairs.length; index += 2)
      found.push({ item: reviveImport(JSON.parse(pairs[index]!)), refreshedAt: Number(pairs[index + 1]) });
    return found;
  }

  /**
   * What `imports { totalCount }` asks most (no condition, statuses, creation bounds) is counted
   * in the indexes, in O(log n); any other condition walks the creation index.
   */
  async count(provider: ImportProvider, conditions: ImportConditions): Promise<number> {
    const indexed = indexedCount(conditions);
    if (indexed) {
      const keys = indexed.statuses
        ? indexed.statuses.map((status) => this.statusIndexKey(provider, status, 'CREATED_AT'))
        : [this.indexKey(provider, 'CREATED_AT')];
      if (keys.length === 0) return 0;
      const pipeline = this.redis.pipeline();
      for (const key of keys) pipeline.zcount(key, indexed.min, indexed.max);
      const replies = (await storeCall(() => pipeline.exec())) ?? [];
      return replies.reduce((sum, [error, count]) => {
        if (error) throw error;
        return sum + (count as number);
      }, 0);
    }
    const walk = countArguments(provider, this.itemKey(provider, ''), conditions);
    if (!walk) return 0;
    const keys = this.walkKeys(provider, 'CREATED_AT', walk);
    return (await storeCall(() =>
      this.redis.eval(QUERY_SCRIPT, keys.length, ...keys, ...walk.args),
    )) as number;
  }

  async get(provider: ImportProvider, providerIds: readonly string[]): Promise<Map<string, StoredImport>> {
    const ids = [...new Set(providerIds)];
    const found = new Map<string, StoredImport>();
    if (ids.length === 0) return found;
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(this.itemKey(provider, id), 'd', 'r');
    const replies = (await storeCall(() => pipeline.exec())) ?? [];
    ids.forEach((id, index) => {
      const [error, value] = replies[index] ?? [];
      if (error) throw error;
      const [data, refreshedAt] = value as [string | null, string | null];
      if (data) found.set(id, { item: reviveImport(JSON.parse(data)), refreshedAt: Number(refreshedAt) });
    });
    return found;
  }

  /** The connection is the backend's (backend.ts), which ends it. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  private itemKey(provider: ImportProvider, providerId: string): string {
    return `${this.prefix}registry:${provider}:import:${providerId}`;
  }

  private indexKey(provider: ImportProvider, field: ListRequest['order']['field']): string {
    return `${this.prefix}registry:${provider}:by:${field}`;
  }

  private statusIndexKey(
    provider: ImportProvider,
    status: string,
    field: ListRequest['order']['field'],
  ): string {
    return `${this.prefix}registry:${provider}:status:${status}:by:${field}`;
  }

  /** The indexes a walk reads: those of its statuses, or the one of every import. */
  private walkKeys(
    provider: ImportProvider,
    field: ListRequest['order']['field'],
    walk: RegistryWalk,
  ): string[] {
    return walk.statuses
      ? walk.statuses.map((status) => this.statusIndexKey(provider, status, field))
      : [this.indexKey(provider, field)];
  }
}
