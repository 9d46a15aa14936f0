import type { GatewayConfig } from '../config.ts';
import type { ImportStore } from '../imports/import-store.ts';
import type { SharedRateBudget } from '../imports/shared-rate-budget.ts';
import type { Logger } from '../log.ts';
import { MemoryChangeBus, RedisChangeBus, type ChangeBus } from './change-bus.ts';
import { LocalLeases, RedisLeases, type Leases } from './leases.ts';
import type { LiveStateStore } from './live-state-store.ts';
import { DEFAULT_EVENT_RETENTION, type EventRetention } from './event-log.ts';
import { connectRedis } from './redis-connection.ts';
import { RedisImportStore } from './redis-import-store.ts';
import { RedisLiveStateStore } from './redis-live-state-store.ts';
import { RedisRateBudget } from './redis-rate-budget.ts';
import { SqliteImportStore } from './sqlite-import-store.ts';
import { SqliteLiveStateStore } from './sqlite-live-state-store.ts';

/**
 * Where the gateway keeps what outlives a request: the registry, the live layer's last known
 * states and its ordered event log (EVENT_RETENTION_MS, EVENT_RETENTION_COUNT), the change bus
 * and its leases. With REDIS_URL all of it is in Redis and shared by
 * every instance; without, it is embedded: SQLite files in DATA_DIR, events in this process,
 * every lease held here.
 */
export interface Backend {
  store: ImportStore;
  liveState: LiveStateStore;
  bus: ChangeBus;
  /** Leases that last `periodMs` unless renewed (a live-layer setting), on the same connection. */
  leases(periodMs: number): Leases;
  /** Vendor budgets counted by every instance together; none embedded (the limiter counts in process). */
  rateBudget?: SharedRateBudget;
  /** Closes the stores and the bus, then ends the connections once what was sent has reached Redis. */
  close(): Promise<void>;
}

export type BackendSettings = Pick<GatewayConfig, 'redisUrl' | 'redisKeyPrefix' | 'dataDir'> &
  Partial<Pick<GatewayConfig, 'eventRetention'>>;

/**
 * The backend the configuration asks for, its settings read here only. With Redis, two
 * connections for the whole gateway: one for every command (registry, creation ledger, facts,
 * last known states, publications, leases, vendor budgets) and the subscriber that Redis pub/sub requires (a
 * connection in subscriber mode can send nothing else). Both are named after REDIS_KEY_PREFIX
 * (`<prefix>commands`, `<prefix>events`), so `CLIENT LIST` shows whose they are.
 */
export async function openBackend(options: { config: BackendSettings; log: Logger }): Promise<Backend> {
  const { config, log } = options;
  const retention = config.eventRetention ?? DEFAULT_EVENT_RETENTION;
  if (!config.redisUrl) return embeddedBackend(config.dataDir, retention);
  const prefix = config.redisKeyPrefix;
  const redis = await connectRedis(config.redisUrl, log, `${prefix}commands`);
  const channel = `${prefix}live:changes`;
  let bus: ChangeBus;
  try {
    bus = await RedisChangeBus.connect({ redis, channel, log, subscriberName: `${prefix}events` });
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const store = new RedisImportStore(redis, prefix);
  const liveState = new RedisLiveStateStore(redis, prefix, channel, retention);
  return {
    store,
    liveState,
    bus,
    leases: (periodMs) => new RedisLeases(redis, prefix, periodMs),
    rateBudget: new RedisRateBudget(redis, prefix),
    async close() {
      await bus.close();
      await liveState.close();
      await store.close();
      // QUIT is queued behind what was sent before (leases released at shutdown included).
      await redis.quit().catch(() => undefined);
    },
  };
}

function embeddedBackend(dataDir: string, retention: EventRetention): Backend {
  const store = new SqliteImportStore(dataDir);
  const liveState = new SqliteLiveStateStore(dataDir, retention);
  const bus = new MemoryChangeBus();
  return {
    store,
    liveState,
    bus,
    leases: (periodMs) => new LocalLeases(periodMs),
    async close() {
      await bus.close();
      await liveState.close();
      await store.close();
    },
  };
}
