import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoggedChange } from '../../src/imports/change.ts';
import { compareEventIds } from '../../src/imports/event-id.ts';
import { EventsExpiredError, InvalidEventIdError } from '../../src/store/event-log.ts';
import type { LiveStateStore } from '../../src/store/live-state-store.ts';
import { RedisLiveStateStore } from '../../src/store/redis-live-state-store.ts';
import { SqliteLiveStateStore } from '../../src/store/sqlite-live-state-store.ts';
import { importAt } from '../support/import-fixture.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';

const dirs: string[] = [];
const redisUrl = await testRedisUrl();
const prefix = testKeyPrefix();
const connections: Redis[] = [];
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const redis of connections) redis.disconnect();
  if (redisUrl) await deleteKeys(redisUrl, prefix);
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'event-log-'));
  dirs.push(dir);
  return dir;
}

/** `count` changes of one import (each a new processed count), as the store logged them. */
async function recordChanges(store: LiveStateStore, providerId: string, count: number, from = 0) {
  const logged: LoggedChange[] = [];
  for (let index = from; index < from + count; index++) {
    const item = importAt(10_000 + index, {
      providerId,
      counts: { total: 1_000, processed: index, errors: 0, warnings: 0 },
    });
    const change = await store.record({ item, kindIfUnknown: 'CREATED' });
    logged.push(change!);
  }
  return logged;
}

/** What every log does, whichever backend keeps it. */
async function replaysInOrder(store: LiveStateStore, providerId: string) {
  const logged = await recordChanges(store, providerId, 5);
  for (let index = 1; index < logged.length; index++)
    expect(compareEventIds(logged[index]!.eventId, logged[index - 1]!.eventId)).toBeGreaterThan(0);
  expect(logged.every((change) => change.occurredAt instanceof Date)).toBe(true);

  const replay = await store.eventsAfter(logged[1]!.eventId, 100);
  expect(replay.map((change) => change.eventId)).toEqual(logged.slice(2).map((change) => change.eventId));
  expect(replay.map((change) => change.import.counts.processed)).toEqual([2, 3, 4]);
  expect(replay.map((change) => [change.kind, change.previousStatus])).toEqual(
    logged.slice(2).map((change) => [change.kind, change.previousStatus]),
  );
  expect((await store.eventsAfter(logged[0]!.eventId, 2)).map((change) => change.eventId)).toEqual(
    logged.slice(1, 3).map((change) => change.eventId),
  );
  expect(await store.eventsAfter(logged.at(-1)!.eventId, 100)).toEqual([]);

  await expect(store.eventsAfter('not-an-id', 10)).rejects.toBeInstanceOf(InvalidEventIdError);
  await expect(store.eventsAfter('', 10)).rejects.toBeInstanceOf(InvalidEventIdError);
  // Before anything this log wrote, and after its newest id: another log's, refused.
  await expect(store.eventsAfter('1-0', 10)).rejects.toBeInstanceOf(EventsExpiredError);
  const [ms] = logged.at(-1)!.eventId.split('-');
  await expect(store.eventsAfter(`${Number(ms) + 60_000}-0`, 10)).rejects.toBeInstanceOf(EventsExpiredError);
  return logged;
}

describe('the embedded event log (SQLite)', () => {
  it('numbers changes in order and replays those after an id; refuses garbled and foreign ids', async () => {
    const store = new SqliteLiveStateStore(tempDir());
    await replaysInOrder(store, 'Sq1');
    await store.close();
  });

  it('keeps its order and its ids across a restart', async () => {
    const dir = tempDir();
    const first = new SqliteLiveStateStore(dir);
    const before = await recordChanges(first, 'Sq2', 3);
    await first.close();
    const second = new SqliteLiveStateStore(dir);
    expect(await second.eventsAfter(before.at(-1)!.eventId, 10)).toEqual([]);
    const after = await recordChanges(second, 'Sq2', 2, 3);
    expect(compareEventIds(after[0]!.eventId, before.at(-1)!.eventId)).toBeGreaterThan(0);
    const replay = await second.eventsAfter(before[0]!.eventId, 10);
    expect(replay.map((change) => change.eventId)).toEqual(
      [...before.slice(1), ...after].map((c) => c.eventId),
    );
    await second.close();
  });

  it('trims past EVENT_RETENTION_COUNT: an id older than what it kept is expired', async () => {
    const store = new SqliteLiveStateStore(tempDir(), { ms: 3_600_000, count: 3 });
    const logged = await recordChanges(store, 'Sq3', 10);
    await expect(store.eventsAfter(logged[0]!.eventId, 10)).rejects.toBeInstanceOf(EventsExpiredError);
    // The count and at most its slack (one) are kept: trimmed back to 3 at the 9th, one more since.
    await expect(store.eventsAfter(logged[5]!.eventId, 10)).rejects.toBeInstanceOf(EventsExpiredError);
    const kept = await store.eventsAfter(logged[6]!.eventId, 10);
    expect(kept.map((change) => change.eventId)).toEqual(logged.slice(7).map((change) => change.eventId));
    await store.close();
  });

  it('trims past EVENT_RETENTION_MS by its own clock, and keeps the newest event however old', async () => {
    let now = 1_000_000;
    const store = new SqliteLiveStateStore(tempDir(), { ms: 64_000, count: 1_000 }, () => now);
    const old = await recordChanges(store, 'Sq4', 3);
    now += 10 * 60_000;
    const fresh = await recordChanges(store, 'Sq4', 2, 3);
    await expect(store.eventsAfter(old[1]!.eventId, 10)).rejects.toBeInstanceOf(EventsExpiredError);
    expect((await store.eventsAfter(fresh[0]!.eventId, 10)).map((change) => change.eventId)).toEqual([
      fresh[1]!.eventId,
    ]);
    await store.close();
  });
});

describe.skipIf(!redisUrl)('the shared event log (a Redis stream)', () => {
  const connect = () => {
    const redis = new Redis(redisUrl!);
    connections.push(redis);
    return redis;
  };

  it('numbers changes in order and replays those after an id; refuses garbled and foreign ids', async () => {
    const store = new RedisLiveStateStore(connect(), `${prefix}a:`, `${prefix}a:live:changes`);
    await replaysInOrder(store, 'Rd1');
  });

  it('publishes each change with the id the log gave it, and two stores on one Redis read one log', async () => {
    const subscriber = connect();
    const channel = `${prefix}b:live:changes`;
    const published: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => published.push(message));
    await subscriber.subscribe(channel);
    const one = new RedisLiveStateStore(connect(), `${prefix}b:`, channel);
    const other = new RedisLiveStateStore(connect(), `${prefix}b:`, channel);
    const logged = [...(await recordChanges(one, 'Rd2', 2)), ...(await recordChanges(other, 'Rd2', 2, 2))];
    await expect.poll(() => published.length).toBe(4);
    expect(published.map((message) => (JSON.parse(message) as { eventId: string }).eventId)).toEqual(
      logged.map((change) => change.eventId),
    );
    expect((await other.eventsAfter(logged[0]!.eventId, 10)).map((change) => change.eventId)).toEqual(
      logged.slice(1).map((change) => change.eventId),
    );
  });

  it('trims past EVENT_RETENTION_COUNT (by whole stream nodes): an id older than what it kept is expired', async () => {
    const store = new RedisLiveStateStore(connect(), `${prefix}c:`, `${prefix}c:live:changes`, {
      ms: 3_600_000,
      count: 1,
    });
    const logged = await recordChanges(store, 'Rd3', 150);
    await expect(store.eventsAfter(logged[0]!.eventId, 10)).rejects.toBeInstanceOf(EventsExpiredError);
    const replay = await store.eventsAfter(logged.at(-2)!.eventId, 100);
    expect(replay.map((change) => change.eventId)).toEqual([logged.at(-1)!.eventId]);
  });
});
