import type { GatewayConfig } from '../config.ts';
import type { ImportProvider } from '../imports/model.ts';
import type { Logger } from '../log.ts';
import type { ProviderSet } from '../imports/provider-info.ts';
import { createWebhookReceivers } from '../providers/webhook-catalog.ts';
import type { Backend } from '../store/backend.ts';
import { RedisLeases } from '../store/leases.ts';
import type { VendorModule } from '../providers/vendor-module.ts';
import { ChangeFeed } from './change-feed.ts';
import { ChangePoller } from './change-poller.ts';
import { ImportWatcher } from './import-watcher.ts';
import { LiveImports } from './live-imports.ts';
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
  /** This instance as its Redis leases name it (undefined when embedded). */
  leaseOwner: string | undefined;
  close(): Promise<void>;
}

export interface StartLiveOptions {
  /** Webhook secrets and signature headers of the vendors configured. */
  config: GatewayConfig;
  providers: ProviderSet;
  /** Last known states, events and leases: Redis or embedded (store/backend.ts), closed by its owner. */
  backend: Backend;
  log: Logger;
  /** Over DEFAULT_LIVE_OPTIONS: tests shorten the intervals. */
  timing?: Partial<LiveOptions>;
  /** Told of every poll this instance makes (metrics). */
  onPoll?: (provider: ImportProvider, poll: 'watch' | 'changes') => void;
  /** Whose webhooks the intake takes: default VENDORS (those the configuration enables). */
  vendors?: readonly VendorModule[];
}

/**
 * Wires the live layer on the backend: with REDIS_URL, last known states, events and leases in
 * Redis, shared by every instance; without, a SQLite file in DATA_DIR and events in this process.
 */
export async function startLive(options: StartLiveOptions): Promise<Live> {
  const { config, providers, backend, log, onPoll } = options;
  const receivers = createWebhookReceivers(config, options.vendors);
  const settings = { ...DEFAULT_LIVE_OPTIONS, ...options.timing };
  const store = backend.liveState;
  const leases = backend.leases(settings.leaseMs);
  const timing = {
    activeMs: settings.activePollMs,
    idleMs: settings.idlePollMs,
    maxBackoffMs: settings.maxBackoffMs,
  };
  const feed = new ChangeFeed(store, backend.bus);
  const changes = new ChangePoller(providers, feed, store, leases, {
    intervalMs: settings.changePollMs,
    overlapMs: settings.changeOverlapMs,
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
    leaseOwner: leases instanceof RedisLeases ? leases.owner : undefined,
    async close() {
      // Leases are released here; the backend's close, after, lets those commands reach Redis.
      watcher.close();
      changes.close();
      await webhooks.drain();
      feed.close();
    },
  };
}
