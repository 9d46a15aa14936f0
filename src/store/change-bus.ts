import type { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import type { LoggedChange } from '../imports/change.ts';
import { reportOutages } from './redis-connection.ts';
import { reviveLoggedChange } from './redis-event-log.ts';

export type ChangeListener = (change: LoggedChange) => void;

/** Delivers every change to every listener of every instance that shares the bus. */
export interface ChangeBus {
  publish(change: LoggedChange): Promise<void>;
  subscribe(listener: ChangeListener): () => void;
  close(): Promise<void>;
}

/** One process: listeners are called synchronously, in publication order. */
export class MemoryChangeBus implements ChangeBus {
  private readonly listeners = new Set<ChangeListener>();

  publish(change: LoggedChange): Promise<void> {
    for (const listener of [...this.listeners]) listener(change);
    return Promise.resolve();
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}

/**
 * Redis pub/sub on one channel (REDIS_URL). A Redis connection in subscriber mode can do nothing
 * else, so the bus owns a duplicate of the given connection, named `subscriberName`: it publishes
 * on the given one. Redis delivers a channel's messages
 * in the order it published them, which the store's script fixes per import.
 */
export class RedisChangeBus implements ChangeBus {
  private readonly local = new MemoryChangeBus();
  private readonly subscriber: Redis;

  private constructor(
    private readonly redis: Redis,
    private readonly channel: string,
    log: Logger,
    subscriberName: string,
  ) {
    this.subscriber = redis.duplicate({ connectionName: subscriberName });
    reportOutages(this.subscriber, log, subscriberName);
    this.subscriber.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      let change: LoggedChange;
      try {
        change = reviveLoggedChange(message);
      } catch (error) {
        log.warn({ err: error }, 'unreadable message on the live changes channel');
        return;
      }
      void this.local.publish(change);
    });
  }

  static async connect(options: {
    redis: Redis;
    channel: string;
    log: Logger;
    subscriberName: string;
  }): Promise<RedisChangeBus> {
    const bus = new RedisChangeBus(options.redis, options.channel, options.log, options.subscriberName);
    await bus.subscriber.subscribe(options.channel);
    return bus;
  }

  /** The store's record script publishes each change itself; this is for changes made elsewhere. */
  async publish(change: LoggedChange): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(change));
  }

  subscribe(listener: ChangeListener): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    await this.local.close();
    this.subscriber.disconnect();
  }
}
