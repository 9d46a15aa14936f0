import type { Redis } from 'ioredis';
import type { ImportProvider } from '../imports/model.ts';
import type { ImportFactKind, ImportFacts } from './import-facts.ts';

/** The facts in Redis, one hash per provider and kind (import id → JSON), shared by every instance. */
export class RedisImportFacts implements ImportFacts {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<unknown> {
    const value = await this.redis.hget(this.key(provider, kind), providerId);
    return value === null ? undefined : (JSON.parse(value) as unknown);
  }

  async set(
    provider: ImportProvider,
    providerId: string,
    kind: ImportFactKind,
    value: unknown,
  ): Promise<void> {
    await this.redis.hset(this.key(provider, kind), providerId, JSON.stringify(value));
  }

  async remove(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<void> {
    await this.redis.hdel(this.key(provider, kind), providerId);
  }

  idsWith(provider: ImportProvider, kind: ImportFactKind): Promise<string[]> {
    return this.redis.hkeys(this.key(provider, kind));
  }

  private key(provider: ImportProvider, kind: ImportFactKind): string {
    return `${this.prefix}facts:${provider}:${kind}`;
  }
}
