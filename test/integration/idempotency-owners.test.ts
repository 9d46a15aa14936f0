import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, UNOWNED_KEY_MS } from '../../src/providers/idempotent-create.ts';
import { useGateway } from '../support/gateway.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';
import { postAs, TWO_CALLERS_ENV, type Caller } from '../support/two-callers.ts';
import { CREATE_IMPORT, type CreatePayload, transformDocument, type UserErrorView } from './mutations.ts';

/**
 * Idempotency keys belong to their caller (docs/SECURITY.md, Idempotency keys belong to their
 * caller): two API keys over real HTTP, on SQLite and on Redis.
 */
const redisUrl = await testRedisUrl();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const TRACK = `mutation ($providerId: String!, $key: String) {
  trackImport(input: { provider: SAILPOINT, providerId: $providerId, idempotencyKey: $key }) {
    import { providerId } userErrors { field message code } } }`;

const skus = (prefix: string) => [{ code: `${prefix}-1` }, { code: `${prefix}-2` }];

function ownershipSuite(store: string, env: Record<string, string>) {
  const gateway = useGateway({
    imports: 2,
    providers: ['commercelayer', 'sailpoint'],
    env: { ...TWO_CALLERS_ENV, ...env },
  });

  const create = async (caller: Caller, input: Record<string, unknown>) => {
    const response = await postAs<CreatePayload>(gateway.url, caller, CREATE_IMPORT, { input });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data!.createImport;
  };
  const posts = async () => (await gateway.stats()).commercelayer['POST /api/imports'] ?? 0;
  const track = async (caller: Caller, providerId: string, key: string) => {
    const response = await postAs<{ trackImport: { userErrors: UserErrorView[] } }>(
      gateway.url,
      caller,
      TRACK,
      {
        providerId,
        key,
      },
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data!.trackImport.userErrors;
  };

  describe(`on ${store}`, () => {
    it('another caller using the same key gets a fresh creation, not the first caller’s import', async () => {
      await gateway.resetStats();
      const input = {
        provider: 'COMMERCE_LAYER',
        resourceType: 'skus',
        inputs: skus('OWN'),
        idempotencyKey: 'shared-k1',
      };
      const alices = await create('alice', input);
      const bobs = await create('bob', input);
      expect(bobs.userErrors).toEqual([]);
      expect(bobs.import!.providerId).not.toBe(alices.import!.providerId);
      expect(await posts()).toBe(2);
      // Each caller's retry still answers its own import, without a vendor call.
      expect((await create('alice', input)).import!.id).toBe(alices.import!.id);
      expect((await create('bob', input)).import!.id).toBe(bobs.import!.id);
      expect(await posts()).toBe(2);
    });

    it('another caller’s different input under the same key is not refused', async () => {
      const key = 'shared-k2';
      await create('alice', {
        provider: 'COMMERCE_LAYER',
        resourceType: 'skus',
        inputs: skus('A2'),
        idempotencyKey: key,
      });
      const bobs = await create('bob', {
        provider: 'COMMERCE_LAYER',
        resourceType: 'skus',
        inputs: skus('B2'),
        idempotencyKey: key,
      });
      expect(bobs.userErrors).toEqual([]);
      expect(bobs.imports).toHaveLength(1);
    });

    it('another caller can neither bind a key with trackImport nor learn that it exists', async () => {
      const document = transformDocument('e1a2b3c4', 'Owned Email');
      const alices = await create('alice', { provider: 'SAILPOINT', document, idempotencyKey: 'shared-k3' });
      const jobId = alices.import!.providerId;
      const onAlicesKey = await track('bob', jobId, 'shared-k3');
      const onUnusedKey = await track('bob', jobId, 'never-used-by-anyone');
      expect(onAlicesKey).toHaveLength(1);
      // Word for word what a key nobody used gets: nothing tells bob that alice used it.
      expect(onAlicesKey).toEqual(onUnusedKey);
      expect(onAlicesKey[0]!.message).not.toMatch(/already answers/);
    });

    it('a key stored before keys had owners answers any caller for 7 days', async () => {
      const ledger = gateway.gateway.store.creations;
      const inputs = skus('OLD');
      const source = await create('alice', { provider: 'COMMERCE_LAYER', resourceType: 'skus', inputs });
      const providerId = source.import!.providerId;
      const found = await gateway.gateway.providers.get('COMMERCE_LAYER')!.get([{ providerId }]);
      const imported = found.get(providerId)!;
      // The records an older gateway wrote: hashed without the caller.
      const fingerprint = fingerprintOf({ resourceType: 'skus', inputs });
      const seed = async (key: string, createdAt: number) => {
        const hash = sha256(`COMMERCE_LAYER\u0000${key}`);
        await ledger.open(hash, 'COMMERCE_LAYER', fingerprint, createdAt);
        await ledger.created(hash, 1, imported, createdAt);
        await ledger.complete(hash, createdAt);
      };
      await seed('legacy-fresh', Date.now() - 60_000);
      await seed('legacy-old', Date.now() - UNOWNED_KEY_MS - 60_000);
      await gateway.resetStats();

      const input = { provider: 'COMMERCE_LAYER', resourceType: 'skus', inputs };
      const fresh = await create('bob', { ...input, idempotencyKey: 'legacy-fresh' });
      expect(fresh.userErrors).toEqual([]);
      expect(fresh.import!.providerId).toBe(providerId);
      expect(await posts()).toBe(0);
      const old = await create('bob', { ...input, idempotencyKey: 'legacy-old' });
      expect(old.userErrors).toEqual([]);
      expect(old.import!.providerId).not.toBe(providerId);
      expect(await posts()).toBe(1);
    });
  });
}

ownershipSuite('SQLite', {});

if (redisUrl) {
  const prefix = testKeyPrefix();
  ownershipSuite('Redis', { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix });
  describe('Redis clean-up', () => {
    it('removes the keys of this file', async () => {
      await deleteKeys(redisUrl, prefix);
    });
  });
}
