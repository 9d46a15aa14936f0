import type { Redis } from 'ioredis';
import {
  fingerprintOf,
  importKey,
  reviveChange,
  type ImportChange,
  type KnownState,
  type Observation,
} from '../imports/change.ts';
import { reviveImport } from '../imports/model.ts';
import type { LiveStateStore } from './live-state-store.ts';

/** States are dropped a month after their last change: imports end within hours. */
const KEEP_MS = 30 * 24 * 3600_000;

/**
 * `judge` (imports/change.ts) in Lua, so comparing, keeping and publishing are one atomic step on
 * the Redis server: two instances offering states of one import (a poll on A, a webhook on B)
 * cannot announce them out of order or twice. Fields: u updatedAt ms, f fingerprint, s status,
 * d the import as JSON, x deleted. The message is assembled from strings the gateway wrote
 * (statuses are enum names, d is JSON), so no Lua JSON encoder rewrites numbers.
 *
 * KEYS[1] state key. ARGV: updatedAt, fingerprint, status, data, deleted (1|0), kindIfUnknown,
 * baseline (1|0), channel, keep ms.
 */
const RECORD_SCRIPT = `
local u = tonumber(ARGV[1])
local old = redis.call('HMGET', KEYS[1], 'u', 'f', 's', 'x')
local deleted = ARGV[5] == '1'
local kind
local previous = old[3]
if not old[1] then
  if ARGV[7] == '1' and not deleted then
    redis.call('HSET', KEYS[1], 'u', ARGV[1], 'f', ARGV[2], 's', ARGV[3], 'd', ARGV[4], 'x', ARGV[5])
    redis.call('PEXPIRE', KEYS[1], ARGV[9])
    return false
  end
  if deleted then kind = 'DELETED' else kind = ARGV[6] end
else
  local ou = tonumber(old[1])
  if old[4] == '1' then
    if u <= ou or deleted then return false end
    kind = 'UPDATED'
  elseif deleted then
    kind = 'DELETED'
  elseif u < ou then
    return false
  elseif old[2] == ARGV[2] then
    if u > ou then
      redis.call('HSET', KEYS[1], 'u', ARGV[1], 'd', ARGV[4])
      redis.call('PEXPIRE', KEYS[1], ARGV[9])
    end
    return false
  else
    kind = 'UPDATED'
  end
end
redis.call('HSET', KEYS[1], 'u', ARGV[1], 'f', ARGV[2], 's', ARGV[3], 'd', ARGV[4], 'x', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[9])
local prev = 'null'
if previous then prev = '"' .. previous .. '"' end
local message = '{"kind":"' .. kind .. '","previousStatus":' .. prev .. ',"import":' .. ARGV[4] .. '}'
redis.call('PUBLISH', ARGV[8], message)
return message
`;

/**
 * Last known states shared by every instance (REDIS_URL). `record` publishes each change on
 * `channel` in the same script, so every instance's subscribers get it exactly once, in order.
 */
export class RedisLiveStateStore implements LiveStateStore {
  readonly announces = true;

  constructor(
    private readonly redis: Redis,
    /** Prefix of every key, e.g. `import-gateway:`. */
    private readonly prefix: string,
    private readonly channel: string,
  ) {}

  async record(observation: Observation): Promise<ImportChange | undefined> {
    const { item } = observation;
    const message = (await this.redis.eval(
      RECORD_SCRIPT,
      1,
      this.stateKey(importKey(item)),
      String(item.updatedAt.getTime()),
      fingerprintOf(item),
      item.status,
      JSON.stringify(item),
      observation.deleted ? '1' : '0',
      observation.kindIfUnknown,
      observation.baseline ? '1' : '0',
      this.channel,
      String(KEEP_MS),
    )) as string | null;
    return message ? reviveChange(message) : undefined;
  }

  async lastKnown(keys: readonly string[]): Promise<Map<string, KnownState>> {
    const unique = [...new Set(keys)];
    const found = new Map<string, KnownState>();
    if (unique.length === 0) return found;
    const pipeline = this.redis.pipeline();
    for (const key of unique) pipeline.hmget(this.stateKey(key), 'd', 'x');
    const replies = (await pipeline.exec()) ?? [];
    unique.forEach((key, index) => {
      const [error, value] = replies[index] ?? [];
      if (error) throw error;
      const [data, deleted] = value as [string | null, string | null];
      if (data) found.set(key, { item: reviveImport(JSON.parse(data)), deleted: deleted === '1' });
    });
    return found;
  }

  async readMark(name: string): Promise<string | undefined> {
    return (await this.redis.get(`${this.prefix}live:mark:${name}`)) ?? undefined;
  }

  async writeMark(name: string, value: string): Promise<void> {
    await this.redis.set(`${this.prefix}live:mark:${name}`, value);
  }

  /** The connection belongs to whoever made it. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  private stateKey(key: string): string {
    return `${this.prefix}live:state:${key}`;
  }
}
