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
  stepUntil,
  subscribeWs,
  wsClient,
  type ChangeView,
  type ImportView,
} from '../support/live-clients.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';
import { waitFor } from '../support/wait.ts';
import { created } from './mutations.ts';

const redisUrl = await testRedisUrl();
const available = redisUrl !== undefined;
const prefix = testKeyPrefix();
const LEASE_MS = 600;
const LIVE = {
  activePollMs: 30,
  idlePollMs: 120,
  changePollMs: 40,
  leaseMs: LEASE_MS,
};

/** Instance A; instance B and a killable child instance join it in the tests. */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  env: redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix } : {},
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
const changePollOwner = () => redis!.get(`${prefix}live:lease:changes:COMMERCE_LAYER`);

/** The statuses in order, each once however many events it lasted. */
const transitionsOf = (statuses: string[]) =>
  statuses.map((status) => status.split(':')[0]!).filter((status, index, all) => status !== all[index - 1]);

const statusesOf = (updates: { data: { importUpdated: ImportView }[] }) =>
  updates.data.map(({ importUpdated: state }) => `${state.status}:${state.counts.processed}`);

describe.skipIf(!available)('two gateway instances on one Redis', () => {
  let instanceB: RunningGateway;

  it('shows a subscriber on B every transition of an import created and polled through A, once, in order', async () => {
    instanceB = await gateway.startInstance();
    const changesOnB = subscribeWs<{ importsChanged: ChangeView }>(client(instanceB.url), IMPORTS_CHANGED, {
      filter: { providers: ['COMMERCE_LAYER'] },
    });
    // B now holds the change poll's lease: its importsChanged subscription is live.
    await waitFor(
      'B to take the change poll',
      async () => (await changePollOwner()) === instanceB.live.leaseOwner,
    );

    const [item] = await created(gateway, {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: Array.from({ length: 20 }, (_, index) => ({
        code: `REDIS-${Date.now()}-${index}`,
        name: 'ok',
      })),
    });
    const { id, providerId } = item!;
    const onA = subscribeWs<{ importUpdated: ImportView }>(client(gateway.url), IMPORT_UPDATED, { id });
    await onA.until((s) => s.results.length === 1);
    expect(await leaseOwner(providerId)).toBe(gateway.gateway.live.leaseOwner);

    const onB = subscribeWs<{ importUpdated: ImportView }>(client(instanceB.url), IMPORT_UPDATED, { id });
    await onB.until((s) => s.results.length === 1);
    await driveToEnd(gateway, onA);
    await onB.untilCompleted();

    // A polled it all along; B only listened, and saw every state A saw since it subscribed.
    expect(await leaseOwner(providerId)).not.toBe(instanceB.live.leaseOwner);
    expect(statusesOf(onB)).toEqual(statusesOf(onA).slice(statusesOf(onA).length - statusesOf(onB).length));
    expect(new Set(statusesOf(onB)).size).toBe(statusesOf(onB).length);
    expect(transitionsOf(statusesOf(onB))).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);

    await changesOnB.until((s) =>
      s.data.some(
        ({ importsChanged: change }) =>
          change.import.providerId === providerId && change.import.status === 'SUCCEEDED',
      ),
    );
    const changes = changesOnB.data
      .map(({ importsChanged: change }) => change)
      .filter((change) => change.import.providerId === providerId);
    expect(changes[0]).toMatchObject({
      kind: 'CREATED',
      previousStatus: null,
      import: { status: 'PENDING' },
    });
    // Each change once, each previousStatus the status before it.
    for (let index = 1; index < changes.length; index++) {
      expect(changes[index]!.kind).toBe('UPDATED');
      expect(changes[index]!.previousStatus).toBe(changes[index - 1]!.import.status);
    }
    expect(new Set(changes.map((change) => change.import.updatedAt)).size).toBe(changes.length);
    expect(transitionsOf(changes.map((change) => change.import.status))).toEqual([
      'PENDING',
      'RUNNING',
      'SUCCEEDED',
    ]);
    changesOnB.cancel();
  });

  it('hands polling to another instance within one lease period when the polling one is killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
    dirs.push(dir);
    const instanceA = await spawnGateway({ env: { ...gateway.env, DATA_DIR: dir }, options: { live: LIVE } });
    children.push(instanceA);
    expect(instanceA.leaseOwner).toEqual(expect.any(String));
    const { id, providerId } = await addCommerceLayerImport(gateway);
    const onA = subscribeWs<{ importUpdated: ImportView }>(client(instanceA.url), IMPORT_UPDATED, { id });
    await onA.until((s) => s.results.length === 1);
    // The child watched it first, so the child polls it...
    expect(await leaseOwner(providerId)).toBe(instanceA.leaseOwner);
    const onB = subscribeWs<{ importUpdated: ImportView }>(client(instanceB.url), IMPORT_UPDATED, { id });
    await onB.until((s) => s.results.length === 1);
    await stepUntil(gateway, onB, (s) => s.data.some((data) => data.importUpdated.status === 'RUNNING'));
    // ...and still does, B only listening, until the child dies.
    expect(await leaseOwner(providerId)).toBe(instanceA.leaseOwner);

    await instanceA.kill();
    const killedAt = Date.now();
    await waitFor(
      'B to take the lease',
      async () => (await leaseOwner(providerId)) === instanceB.live.leaseOwner,
      { timeoutMs: LEASE_MS * 2 },
    );
    // B's watcher renews every third of a period, so it takes the lease at most a period and a third on.
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + LEASE_MS / 3 + 200);

    await driveToEnd(gateway, onB);
    await onB.untilCompleted();
    expect(onB.data.at(-1)!.importUpdated.status).toBe('SUCCEEDED');
    expect(new Set(statusesOf(onB)).size).toBe(statusesOf(onB).length);
  });
});
