import type { GatewayConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { ImportStore } from '../imports/import-store.ts';
import { RedisImportStore } from './redis-import-store.ts';
import { SqliteImportStore } from './sqlite-import-store.ts';

/** The store the configuration asks for: Redis with REDIS_URL (shared by every instance), else SQLite in DATA_DIR. */
export function openImportStore(config: GatewayConfig, log: Logger): Promise<ImportStore> {
  if (config.redisUrl) return RedisImportStore.connect(config.redisUrl, config.redisKeyPrefix, log);
  return Promise.resolve(new SqliteImportStore(config.dataDir));
}
