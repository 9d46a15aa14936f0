import type { Redis } from 'ioredis';
import type { GatewayConfig } from '../config.ts';
import type { ImportProvider } from '../imports/model.ts';
import type { Logger } from '../log.ts';
import type { ProviderSet } from '../imports/provider-info.ts';
import { createWebhookReceivers } from '../providers/webhook-catalog.ts';
import type { WebhookReceiver } from '../providers/webhook-receiver.ts';
import type { LiveStateStore } from '../store/live-state-store.ts';
import { connectRedis } from '../store/redis-connection.ts';
import { RedisLiveStateStore } from '../store/redis-live-state-store.ts';
import { SqliteLiveStateStore } from '../store/sqlite-live-state-store.ts';
import { MemoryChangeBus, RedisChangeBus, type ChangeBus } from './change-bus.ts';
import { ChangeFeed } from './change-feed.ts';
import { ChangePoller } from './change-poller.ts';
import { ImportWatcher } from './import-watcher.ts';
import { LiveImports } from './live-imports.ts';
import { LocalLeases, RedisLeases, type Leases } from './leases.ts';
import { WebhookIntake } from './webhook-intake.ts';

/** Timing of the live layer; tests shorten it, production keeps the defaults. */
export interface LiveOptions {
  /** Poll interval of a watched import that just changed. Default 2 s. */
  activePollMs: number;
  /** Longest poll interval of a watched import that stays the same. Default 15 s. */
  idlePollMs: number;
  /** Interval of each provider's change poll behind `importsChanged`. Default 5 s. */
  changePollMs: number;
  /** How far back a change poll reads again (late vendor commits). Default 5 s. */
  changeOverlapMs: number;
  /** Longest pause after consecutive vendor failures. Default 60 s. */
  maxBackoffMs: number;
  /** Lease period with REDIS_URL: a dead instance's polls move to another within it. Default 10 s. */
  leaseMs: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = {
  activePollMs: 2_000,
  idlePollMs: 15_000,
  changePollMs: 5_000,
  changeOverlapMs: 5_000,
  maxBackoffMs: 60_000,
  leaseMs: 10_000,
};

export interface Live {
  imports: LiveImports;
  /** Redis (REDIS_URL) or embedded (SQLite state, in-process events). */
  mode: 'redis' | 'embedded';
  /** This instance as its Redis leases name it (undefined when embedded). */
  leaseOwner: string | undefined;
  close(): Promise<void>;
}

/**
 * Wires the live layer: with REDIS_URL, last known states, events and leases in Redis, shared by
 * every instance; without, a SQLite file in DATA_DIR and events in this process. `receivers`:
 * default those of VENDORS the configuration enables (webhook-catalog.ts).
 */
export async function startLive(
  config: GatewayConfig,
  providers: ProviderSet,
  log: Logger,
  overrides: Partial<LiveOptions> = {},
  onPoll?: (provider: ImportProvider, poll: 'watch' | 'changes') => void,
  receivers: readonly WebhookReceiver[] = createWebhookReceivers(config),
): Promise<Live> {
  const options = { ...DEFAULT_LIVE_OPTIONS, ...overrides };
  let store: LiveStateStore;
  let bus: ChangeBus;
  let leases: Leases;
  let redis: Redis | undefined;
  if (config.redisUrl) {
    redis = await connectRedis(config.redisUrl, log, 'live');
    const prefix = config.redisKeyPrefix;
    const channel = `${prefix}live:changes`;
    store = new RedisLiveStateStore(redis, prefix, channel);
    bus = await RedisChangeBus.connect(redis, channel, log);
    leases = new RedisLeases(redis, prefix, options.leaseMs);
  } else {
    store = new SqliteLiveStateStore(config.dataDir);
    bus = new MemoryChangeBus();
    leases = new LocalLeases(options.leaseMs);
  }
  const timing = {
    activeMs: options.activePollMs,
    idleMs: options.idlePollMs,
    maxBackoffMs: options.maxBackoffMs,
  };
  const feed = new ChangeFeed(store, bus);
  const changes = new ChangePoller(providers, feed, store, leases, {
    intervalMs: options.changePollMs,
    overlapMs: options.changeOverlapMs,
    timing,
    log,
    onPoll: onPoll && ((provider) => onPoll(provider, 'changes')),
  });
  await changes.start();
  const kindIfUnknown = changes.kindIfUnknown.bind(changes);
  const watcher = new ImportWatcher(providers, feed, leases, {
    timing,
    kindIfUnknown,
    log,
    onPoll: onPoll && ((provider) => onPoll(provider, 'watch')),
  });
  const webhooks = new WebhookIntake(receivers, providers, feed, kindIfUnknown, log);
  const imports = new LiveImports(providers, feed, watcher, changes, webhooks);
  return {
    imports,
    mode: redis ? 'redis' : 'embedded',
    leaseOwner: leases instanceof RedisLeases ? leases.owner : undefined,
    async close() {
      watcher.close();
      changes.close();
      await webhooks.drain();
      feed.close();
      await bus.close();
      await store.close();
      // Leases are released by the watcher and poller above; let those commands reach Redis.
      await redis?.quit().catch(() => undefined);
    },
  };
}
