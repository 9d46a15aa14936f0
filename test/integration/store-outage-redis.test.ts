import { afterAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { startDisposableRedis } from '../support/redis.ts';
import { created, transformDocument } from './mutations.ts';

const redis = await startDisposableRedis();
afterAll(() => redis?.stop());

const gateway = useGateway({
  providers: ['commercelayer', 'sailpoint'],
  imports: 3,
  env: redis ? { REDIS_URL: redis.url } : {},
});

const LIST = '{ imports(first: 50) { nodes { id provider } } }';

interface Listed {
  imports: { nodes: { id: string; provider: string }[] };
}

describe.skipIf(!redis)('a gateway whose Redis goes away', () => {
  it('keeps serving what does not need Redis, says clearly what does, and recovers', async () => {
    const before = await gateway.graphql<Listed>(LIST);
    expect(before.errors).toBeUndefined();
    const providers = new Set(before.data!.imports.nodes.map((node) => node.provider));
    expect(providers).toEqual(new Set(['SAILPOINT', 'COMMERCE_LAYER']));

    await redis!.stop();
    const during = await gateway.graphql<Listed>(LIST);
    expect(during.status).toBe(200);
    // Commerce Layer lists from the vendor (its interruptions as last read); SailPoint's registry is in Redis.
    expect(during.data!.imports.nodes.length).toBeGreaterThan(0);
    expect(during.data!.imports.nodes.every((node) => node.provider === 'COMMERCE_LAYER')).toBe(true);
    expect(during.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /SailPoint imports cannot be read now: .*Redis.* not answering/,
        ) as string,
        path: ['imports'],
        extensions: expect.objectContaining({
          code: 'UPSTREAM_UNAVAILABLE',
          provider: 'SAILPOINT',
        }) as object,
      }),
    ]);
    // A creation under a key cannot be made safe without the ledger: refused before any vendor call.
    await gateway.resetStats();
    const refused = await gateway.graphql<{ createImport: unknown }>(
      `mutation { createImport(input: { provider: COMMERCE_LAYER, resourceType: "skus",
        inputs: [{ code: "OUTAGE" }], idempotencyKey: "during-outage" }) { imports { id } } }`,
    );
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Redis.* not answering/) as string,
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect((await gateway.stats()).commercelayer['POST /api/imports']).toBeUndefined();

    await redis!.start();
    // Back (empty: this Redis keeps nothing on disk): a SailPoint job created now is listed again.
    const [job] = await created(gateway, {
      provider: 'SAILPOINT',
      document: transformDocument('d4e1f3a0', 'Trim Email'),
    });
    const after = await gateway.graphql<Listed>(LIST);
    expect(after.errors).toBeUndefined();
    expect(after.data!.imports.nodes.map((node) => node.id)).toContain(job!.id);
  });
});
