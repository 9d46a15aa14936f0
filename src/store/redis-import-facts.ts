import type { Redis } from 'ioredis';
import type { ImportProvider } from '../imports/model.ts';
import type { ImportFactKind, ImportFacts } from '../imports/import-facts.ts';
import { storeCall } from './store-unavailable.ts';

/** The facts in Redis, one hash per provider and kind (import id → JSON), shared by every instance. */
export class RedisImportFacts implements ImportFacts {
  readonly shared = true;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<unknown> {
    const value = await storeCall(() => this.redis.hget(this.key(provider, kind), providerId));
    return value === null ? undefined : (JSON.parse(value) as unknown);
  }

  async set(
    provider: ImportProvider,
    providerId: string,
    kind: ImportFactKind,
    value: unknown,
  ): Promise<void> {
    await storeCall(() => this.redis.hset(this.key(provider, kind), providerId, JSON.stringify(value)));
  }

  async remove(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<void> {
    await storeCall(() => this.redis.hdel(this.key(provider, kind), providerId));
  }

  idsWith(provider: ImportProvider, kind: ImportFactKind): Promise<string[]> {
    return storeCall(() => this.redis.hkeys(this.key(provider, kind)));
  }

  private key(provider: ImportProvider, kind: ImportFactKind): string {
    return `${this.prefix}facts:${provider}:${kind}`;
  }
}
