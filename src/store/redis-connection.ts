import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';

/**
 * A connection to REDIS_URL, connected before it is returned so a wrong URL stops the gateway at
 * start. Commands fail after 3 reconnection attempts instead of queueing for ever.
 */
export async function connectRedis(url: string, log: Logger, role: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  redis.on('error', (error: Error) => log.warn({ err: error, role }, 'Redis connection error'));
  await redis.connect();
  return redis;
}
