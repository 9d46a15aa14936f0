import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/gateway.ts';
import { useGateway } from '../support/gateway.ts';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.ts';
import {
  addCommerceLayerImport,
  driveToEnd,
  IMPORT_UPDATED,
  IMPORTS_CHANGED,
  stepClock,
  subscribeWs,
  wsClient,
  type ChangeView,
  type ImportView,
} from '../support/live-clients.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';
import { SIMULATOR_CREDENTIALS } from '../support/secrets.ts';

const redisUrl = await testRedisUrl();
const available = redisUrl !== undefined;
const prefix = testKeyPrefix();
const LEASE_MS = 600;
const LIVE = {
  activePollMs: 30,
  idlePollMs: 120,
  changePollMs: 40,
  leaseMs: LEASE_MS,
  redisKeyPrefix: prefix,
};

/** Instance A; instance B and a killable child instance join it in the tests. */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  env: redisUrl ? { REDIS_URL: redisUrl } : {},
  gateway: { live: LIVE },
});

const clients: ReturnType<typeof wsClient>[] = [];
const children: GatewayProcess[] = [];
const dirs: string[] = [];
const redis = redisUrl ? new Redis(redisUrl) : undefined;
afterAll(async () => {
  await Promise.all(
    clients.map(async (client) => {
      await client.dispose();
    }),
  );
  await Promise.all(children.map((child) => child.kill()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  if (redisUrl) await deleteKeys(redisUrl, prefix);
  redis?.disconnect();
});

function client(url: string) {
  const created = wsClient(url);
  clients.push(created);
  return created;
}

const leaseOwner = (providerId: string) => redis!.get(`${prefix}live:lease:COMMERCE_LAYER:${providerId}`);

const statusesOf = (updates: { data: { importUpdated: ImportView }[] }) =>
  updates.data.map(({ importUpdated: state }) => `${state.status}:${state.counts.processed}`);

describe.skipIf(!available)('two gateway instances on one Redis', () => {
  let instanceB: RunningGateway;

  it('shows a subscriber on B every transition of an import polled by A, exactly once, in order', async () => {
    instanceB = await gateway.startInstance();
    const { id, providerId } = await addCommerceLayerImport(gateway);
    const onA = subscribeWs<{ importUpdated: ImportView }>(client(gateway.url), IMPORT_UPDATED, { id });
    await onA.until((s) => s.results.length === 1);
    expect(await leaseOwner(providerId)).toBe(gateway.gateway.live.leaseOwner);

    const onB = subscribeWs<{ importUpdated: ImportView }>(client(instanceB.url), IMPORT_UPDATED, { id });
    const changesOnB = subscribeWs<{ importsChanged: ChangeView }>(client(instanceB.url), IMPORTS_CHANGED, {
      filter: { providers: ['COMMERCE_LAYER'] },
    });
    await onB.until((s) => s.results.length === 1);
    await driveToEnd(gateway, onA);
    await onB.untilCompleted();

    // A polled it all along; B only listened.
    expect(await leaseOwner(providerId)).not.toBe(instanceB.live.leaseOwner);
    expect(statusesOf(onB)).toEqual(statusesOf(onA).slice(statusesOf(onA).length - statusesOf(onB).length));
    expect(new Set(statusesOf(onB)).size).toBe(statusesOf(onB).length);
    expect(onB.data.at(-1)!.importUpdated.status).toBe('SUCCEEDED');

    const changes = changesOnB.data
      .map(({ importsChanged: change }) => change)
      .filter((change) => change.import.providerId === providerId);
    const statusChain = changes.map((change) => change.import.status);
    // Each change once, each previousStatus the status before it.
    for (let index = 1; index < changes.length; index++)
      expect(changes[index]!.previousStatus).toBe(statusChain[index - 1]);
    expect(new Set(changes.map((change) => change.import.updatedAt)).size).toBe(changes.length);
    expect(statusChain.at(-1)).toBe('SUCCEEDED');
    changesOnB.cancel();
  });

  it('hands polling to another instance within one lease period when the polling one is killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
    dirs.push(dir);
    const simulator = gateway.simulators.commercelayer.url;
    const instanceA = await spawnGateway({
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        UPSTREAM_RATE_LIMITS: 'off',
        REDIS_URL: redisUrl!,
        COMMERCELAYER_BASE_URL: simulator,
        COMMERCELAYER_AUTH_URL: simulator,
        COMMERCELAYER_CLIENT_ID: 'sim-cl-client',
        COMMERCELAYER_CLIENT_SECRET: SIMULATOR_CREDENTIALS.commerceLayerClientSecret,
      },
      options: { live: LIVE },
    });
    children.push(instanceA);
    const { id, providerId } = await addCommerceLayerImport(gateway);
    const onA = subscribeWs<{ importUpdated: ImportView }>(client(instanceA.url), IMPORT_UPDATED, { id });
    await onA.until((s) => s.results.length === 1);
    const polledBy = await leaseOwner(providerId);
    const onB = subscribeWs<{ importUpdated: ImportView }>(client(instanceB.url), IMPORT_UPDATED, { id });
    await onB.until((s) => s.results.length === 1);
    expect(await leaseOwner(providerId)).toBe(polledBy);
    while (!onB.data.some((data) => data.importUpdated.status === 'RUNNING'))
      await stepClock(gateway, onB, 3_000);

    await instanceA.kill();
    const killedAt = Date.now();
    while ((await leaseOwner(providerId)) !== instanceB.live.leaseOwner) {
      expect(Date.now() - killedAt).toBeLessThan(LEASE_MS * 2);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // B's watcher renews every third of a period, so it takes the lease at most a period and a third on.
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + LEASE_MS / 3 + 200);

    await driveToEnd(gateway, onB);
    await onB.untilCompleted();
    expect(onB.data.at(-1)!.importUpdated.status).toBe('SUCCEEDED');
    expect(new Set(statusesOf(onB)).size).toBe(statusesOf(onB).length);
  });
});
