/**
 * One backend (src/store/backend.ts): a gateway with REDIS_URL keeps registry, creation ledger,
 * last known states, events and leases on one command connection, plus the subscriber Redis
 * pub/sub requires, and ends both at shutdown. Counted on the real Redis with CLIENT LIST, by the
 * names the gateway gives them after REDIS_KEY_PREFIX. Before, the registry and the live layer
 * each opened a connection of their own (three in all, none named).
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { IMPORTS_CHANGED, subscribeWs, wsClient, type ChangeView } from '../support/live-clients.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';
import { waitFor } from '../support/wait.ts';

const redisUrl = await testRedisUrl();
const prefix = testKeyPrefix();

const gateway = useGateway({
  providers: ['commercelayer', 'sailpoint'],
  imports: 2,
  env: redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix } : {},
  gateway: { live: { activePollMs: 30, idlePollMs: 120, changePollMs: 40, leaseMs: 600 } },
});

const admin = redisUrl ? new Redis(redisUrl) : undefined;
afterAll(async () => {
  if (redisUrl) await deleteKeys(redisUrl, prefix);
  admin?.disconnect();
});

/** The names of the gateway's connections open on the server now, sorted. */
async function gatewayConnections(): Promise<string[]> {
  const list = (await admin!.call('CLIENT', 'LIST')) as string;
  return list
    .split('\n')
    .map((line) => /(?:^| )name=(\S*)/.exec(line)?.[1] ?? '')
    .filter((name) => name.startsWith(prefix))
    .sort();
}

describe.skipIf(!redisUrl)('a gateway with REDIS_URL', () => {
  it('opens exactly two Redis connections, commands and events, and closes both at shutdown', async () => {
    // Every part of the backend at work: the registry (SailPoint), the live state and events
    // (an importsChanged subscription and its change poll), the leases.
    const listed = await gateway.graphql('{ imports(first: 10) { nodes { id provider } } }');
    expect(listed.errors).toBeUndefined();
    const live = wsClient(gateway.url);
    const changes = subscribeWs<{ importsChanged: ChangeView }>(live, IMPORTS_CHANGED, {
      filter: { providers: ['COMMERCE_LAYER'] },
    });
    await waitFor(
      'the change poll lease',
      async () => (await admin!.get(`${prefix}live:lease:changes:COMMERCE_LAYER`)) !== null,
    );

    expect(await gatewayConnections()).toEqual([`${prefix}commands`, `${prefix}events`]);

    changes.cancel();
    await live.dispose();
    await gateway.gateway.close();
    await waitFor('both connections to close', async () => (await gatewayConnections()).length === 0);
    expect(await gatewayConnections()).toEqual([]);
  });
});
