import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Who polls what. One instance polls each watched import (and each provider's change list), so
 * vendor calls do not grow with the number of instances; the others hear its changes on the bus.
 */
export interface Leases {
  /** Takes or renews the lease of each key; answers the keys this instance holds now. */
  hold(keys: readonly string[]): Promise<Set<string>>;
  /** Gives up leases this instance holds, so another instance may take them at once. */
  release(keys: readonly string[]): Promise<void>;
  /** How long a lease lasts unless renewed; holders renew it three times within a period. */
  readonly periodMs: number;
}

/** One instance (no REDIS_URL): it holds every lease. */
export class LocalLeases implements Leases {
  constructor(readonly periodMs: number) {}

  hold(keys: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(keys));
  }

  release(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Renews what this instance holds and takes what nobody holds (`SET NX PX`), all keys in one
 * script so a renewal round costs one round trip. A lease whose holder died expires within one
 * period, and the next round of any instance that still watches the key takes it over.
 */
const HOLD_SCRIPT = `
local held = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
    held[#held + 1] = i
  elseif redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[2]) then
    held[#held + 1] = i
  end
end
return held
`;

/** Deletes only leases this instance still holds (another may have taken an expired one). */
const RELEASE_SCRIPT = `
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key) end
end
return 0
`;

export class RedisLeases implements Leases {
  /** This instance, as written in the leases it holds. */
  readonly owner = randomUUID();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly periodMs: number,
  ) {}

  async hold(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const held = (await this.redis.eval(
      HOLD_SCRIPT,
      keys.length,
      ...keys.map((key) => this.leaseKey(key)),
      this.owner,
      String(this.periodMs),
    )) as number[];
    return new Set(held.map((index) => keys[index - 1]!));
  }

  async release(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.redis.eval(RELEASE_SCRIPT, keys.length, ...keys.map((key) => this.leaseKey(key)), this.owner);
  }

  private leaseKey(key: string): string {
    return `${this.prefix}live:lease:${key}`;
  }
}
