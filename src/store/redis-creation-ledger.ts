import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Import, ImportProvider } from '../imports/model.ts';
import { sleep } from '../deadline.ts';
import type { CreationLedger, CreationRecord } from '../imports/creation-ledger.ts';
import { revivePart } from './creation-ledger.ts';
import { inProcessLock } from '../process-locks.ts';
import { storeCall } from './store-unavailable.ts';

/** Creates the key's record unless it exists: the first request a key was used for stays its own. */
const OPEN_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'provider', ARGV[1], 'fingerprint', ARGV[2], 'createdAt', ARGV[3])
return 1
`;

/** Writes a field of an open key only: a write after `remove` must not bring back half a record. */
const WRITE_IF_OPEN_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`;

/** Renews or deletes the lock only while this call still holds it (another may have taken an expired one). */
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** How long a lock outlives a holder that died without releasing it; renewed by live holders. */
const LOCK_MS = 15_000;
const RENEW_EVERY_MS = LOCK_MS / 3;
/** Pause between attempts to take a held lock: creations take hundreds of milliseconds. */
const RETRY_MS = 50;

interface StoredPart {
  state: string;
  /** The import as JSON, or null while sending. */
  item: string | null;
  updatedAt: number;
}

const partField = (part: number) => `part:${part}`;

/**
 * The idempotency ledger in Redis, one hash per key, shared by every instance: a retry of a
 * creation may reach any instance and still answers what the first call created. The lock of a
 * key is a Redis key taken with `SET NX PX` and renewed while its call runs, so two instances
 * never send the same creation at once; a lock whose holder died expires within LOCK_MS.
 */
export class RedisCreationLedger implements CreationLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async find(keyHash: string): Promise<CreationRecord | undefined> {
    const fields = await storeCall(() => this.redis.hgetall(this.key(keyHash)));
    if (fields.provider === undefined || fields.fingerprint === undefined) return undefined;
    const parts = Object.entries(fields)
      .filter(([field]) => field.startsWith('part:'))
      .map(([field, value]) => {
        const part = Number(field.slice('part:'.length));
        const stored = JSON.parse(value) as StoredPart;
        return revivePart(part, stored.state, stored.item, stored.updatedAt);
      })
      .sort((a, b) => a.part - b.part);
    return {
      keyHash,
      provider: fields.provider as ImportProvider,
      fingerprint: fields.fingerprint,
      createdAt: Number(fields.createdAt),
      completed: fields.completedAt !== undefined,
      parts: new Map(parts.map((part) => [part.part, part])),
    };
  }

  async open(keyHash: string, provider: ImportProvider, fingerprint: string, now: number): Promise<void> {
    await storeCall(() =>
      this.redis.eval(OPEN_SCRIPT, 1, this.key(keyHash), provider, fingerprint, String(now)),
    );
  }

  sending(keyHash: string, part: number, now: number): Promise<void> {
    return this.writeIfOpen(keyHash, partField(part), { state: 'sending', item: null, updatedAt: now });
  }

  created(keyHash: string, part: number, item: Import, now: number): Promise<void> {
    return this.writeIfOpen(keyHash, partField(part), {
      state: 'created',
      item: JSON.stringify(item),
      updatedAt: now,
    });
  }

  async clear(keyHash: string, part: number): Promise<void> {
    await storeCall(() => this.redis.hdel(this.key(keyHash), partField(part)));
  }

  complete(keyHash: string, now: number): Promise<void> {
    return this.writeIfOpen(keyHash, 'completedAt', now);
  }

  async remove(keyHash: string): Promise<void> {
    await storeCall(() => this.redis.del(this.key(keyHash)));
  }

  lock<T>(name: string, run: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    // Calls in this process queue here first, so only one of them at a time polls Redis.
    return inProcessLock(
      name,
      async () => {
        const key = `${this.prefix}idempotency-lock:${name}`;
        const token = randomUUID();
        await this.acquire(key, token, signal);
        const renewal = setInterval(() => {
          this.redis.eval(RENEW_SCRIPT, 1, key, token, String(LOCK_MS)).catch(() => undefined);
        }, RENEW_EVERY_MS);
        renewal.unref();
        try {
          return await run();
        } finally {
          clearInterval(renewal);
          await this.redis.eval(RELEASE_SCRIPT, 1, key, token).catch(() => undefined);
        }
      },
      signal,
    );
  }

  private async acquire(key: string, token: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if ((await storeCall(() => this.redis.set(key, token, 'PX', LOCK_MS, 'NX'))) === 'OK') return;
      // Another instance runs a call with this key: wait for it, until the caller's deadline.
      await sleep(RETRY_MS, signal);
    }
  }

  private async writeIfOpen(keyHash: string, field: string, value: unknown): Promise<void> {
    await storeCall(() =>
      this.redis.eval(WRITE_IF_OPEN_SCRIPT, 1, this.key(keyHash), field, JSON.stringify(value)),
    );
  }

  private key(keyHash: string): string {
    return `${this.prefix}idempotency:${keyHash}`;
  }
}
