import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';

/**
 * A connection to REDIS_URL, connected before it is returned so a wrong URL stops the gateway at
 * start. A command sent while the connection is down waits for one reconnection attempt (ioredis
 * tries again after 50 ms, then backs off to 2 s), so a blip goes unnoticed and an outage costs a
 * request 2 s at most before StoreUnavailableError, instead of queueing for ever. `name` is set
 * with CLIENT SETNAME on every (re)connection, so `CLIENT LIST` tells the gateway's connections
 * apart.
 */
export async function connectRedis(url: string, log: Logger, name: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectionName: name });
  reportOutages(redis, log, name);
  await redis.connect();
  return redis;
}

/**
 * Logs a lost connection once (ioredis retries every 2 s at most and reports each attempt) and
 * its return. Every connection needs an error listener: without one ioredis prints each failed
 * attempt to stderr itself.
 */
export function reportOutages(redis: Redis, log: Logger, connection: string): void {
  let up = true;
  redis.on('error', (error: Error) => {
    if (!up) return;
    up = false;
    log.warn({ err: error, connection }, 'Redis connection lost; reconnecting');
  });
  redis.on('ready', () => {
    if (up) return;
    up = true;
    log.info({ connection }, 'Redis connection back');
  });
}
