/**
 * The one lease loop (src/live/lease-loop.ts) the import watcher and the change poller share, on
 * real Redis leases: a first claim, a hand-over when the holder lets go, a take-over when it
 * stops renewing (died), a lease lost to another instance, and a claim released before the lease
 * answered.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { LeaseLoop } from '../../src/live/lease-loop.ts';
import { RedisLeases } from '../../src/store/leases.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';
import { testLogger } from '../support/test-log.ts';
import { waitFor } from '../support/wait.ts';

const redisUrl = await testRedisUrl();
const prefix = testKeyPrefix();
const redis = redisUrl ? new Redis(redisUrl) : undefined;
const loops: LeaseLoop<string>[] = [];
afterAll(async () => {
  for (const loop of loops) loop.close();
  if (redisUrl) await deleteKeys(redisUrl, prefix);
  redis?.disconnect();
});

/** An instance's loop over `wanted`, recording what its rounds took and lost. */
function instance(wanted: string[]) {
  const leases = new RedisLeases(redis!, prefix, 300);
  const taken: string[] = [];
  const lost: string[] = [];
  const loop = new LeaseLoop<string>({
    leases,
    wanted: () => wanted,
    keyOf: (key) => key,
    onTaken: (keys) => taken.push(...keys),
    onLost: (keys) => lost.push(...keys),
    log: testLogger(),
    subject: 'test leases',
  });
  loops.push(loop);
  return { leases, loop, taken, lost };
}

describe.skipIf(!redis)('LeaseLoop on Redis leases', () => {
  it('gives a key to one claimant; the other takes it once the holder lets go', async () => {
    const a = instance(['hand-over']);
    const b = instance(['hand-over']);
    expect(await a.loop.claim('hand-over')).toBe(true);
    expect(await b.loop.claim('hand-over')).toBe(false);
    expect([a.loop.holds('hand-over'), b.loop.holds('hand-over')]).toEqual([true, false]);
    a.loop.close();
    await waitFor('B to take the lease', () => b.taken.includes('hand-over'));
    expect(b.loop.holds('hand-over')).toBe(true);
  });

  it('takes over a lease its holder stopped renewing, and gives up one another instance holds', async () => {
    const dead = new RedisLeases(redis!, prefix, 300);
    expect(await dead.hold(['take-over'])).toEqual(new Set(['take-over']));
    const b = instance(['take-over']);
    expect(await b.loop.claim('take-over')).toBe(false);
    await waitFor('B to take the expired lease', () => b.taken.includes('take-over'));

    await redis!.set(`${prefix}live:lease:take-over`, 'another instance', 'PX', 5_000);
    await waitFor('B to notice it lost the lease', () => b.lost.includes('take-over'));
    expect(b.loop.holds('take-over')).toBe(false);
  });

  it('gives back at once a lease released while its claim was on the way', async () => {
    const a = instance([]);
    const b = instance([]);
    const claim = a.loop.claim('released-early');
    a.loop.release('released-early');
    expect(await claim).toBe(false);
    expect(a.loop.holds('released-early')).toBe(false);
    await waitFor('the lease to be free again', async () => (await b.loop.claim('released-early')) === true);
  });
});
