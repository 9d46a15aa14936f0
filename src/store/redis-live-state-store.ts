import type { Redis } from 'ioredis';
import {
  fingerprintOf,
  importKey,
  type KnownState,
  type LoggedChange,
  type Observation,
} from '../imports/change.ts';
import { reviveImport } from '../imports/model.ts';
import { DEFAULT_EVENT_RETENTION, type EventRetention } from './event-log.ts';
import type { LiveStateStore } from './live-state-store.ts';
import { RedisEventLog, reviveLoggedChange } from './redis-event-log.ts';

/** States are dropped a month after their last change: imports end within hours. */
const KEEP_MS = 30 * 24 * 3600_000;

/**
 * `judge` (imports/change.ts) in Lua, so comparing, keeping, logging and publishing are one atomic step on
 * the Redis server: two instances offering states of one import (a poll on A, a webhook on B)
 * cannot announce them out of order or twice. Fields: u updatedAt ms, f fingerprint, s status,
 * d the import as JSON, x deleted. The message is assembled from strings the gateway wrote
 * (statuses are enum names, d is JSON), so no Lua JSON encoder rewrites numbers. The change goes
 * into the event log (a stream, field c) and its id into the message: pub/sub then delivers the
 * changes in the order of the log, which every instance reads the same.
 *
 * KEYS[1] state key, KEYS[2] event stream. ARGV: updatedAt, fingerprint, status, data, deleted
 * (1|0), kindIfUnknown, baseline (1|0), channel, keep ms, retention count, retention ms.
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
local body = '"kind":"' .. kind .. '","previousStatus":' .. prev .. ',"import":' .. ARGV[4] .. '}'
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[10], '*', 'c', '{' .. body)
local now = redis.call('TIME')
local cutoff = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[11])
if cutoff > 0 then redis.call('XTRIM', KEYS[2], 'MINID', '~', string.format('%d', cutoff)) end
local message = '{"eventId":"' .. id .. '",' .. body
redis.call('PUBLISH', ARGV[8], message)
return message
`;

/**
 * Last known states shared by every instance (REDIS_URL). `record` publishes each change on
 * `channel` in the same script, so every instance's subscribers get it exactly once, in order.
 */
export class RedisLiveStateStore implements LiveStateStore {
  readonly announces = true;
  private readonly log: RedisEventLog;

  constructor(
    private readonly redis: Redis,
    /** Prefix of every key, e.g. `import-gateway:`. */
    private readonly prefix: string,
    private readonly channel: string,
    private readonly retention: EventRetention = DEFAULT_EVENT_RETENTION,
  ) {
    this.log = new RedisEventLog(redis, `${prefix}live:events`);
  }

  async record(observation: Observation): Promise<LoggedChange | undefined> {
    const { item } = observation;
    const message = (await this.redis.eval(
      RECORD_SCRIPT,
      2,
      this.stateKey(importKey(item)),
      this.log.key,
      String(item.updatedAt.getTime()),
      fingerprintOf(item),
      item.status,
      JSON.stringify(item),
      observation.deleted ? '1' : '0',
      observation.kindIfUnknown,
      observation.baseline ? '1' : '0',
      this.channel,
      String(KEEP_MS),
      String(this.retention.count),
      String(this.retention.ms),
    )) as string | null;
    return message ? reviveLoggedChange(message) : undefined;
  }

  eventsAfter(after: string, limit: number): Promise<LoggedChange[]> {
    return this.log.eventsAfter(after, limit);
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
