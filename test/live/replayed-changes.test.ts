import { describe, expect, it } from 'vitest';
import type { LoggedChange } from '../../src/imports/change.ts';
import { EventQueue, fixedBudget } from '../../src/live/event-queue.ts';
import { ReplayedChanges } from '../../src/live/replayed-changes.ts';
import { importAt } from '../support/import-fixture.ts';

const change = (seq: number, providerId = 'A'): LoggedChange => ({
  kind: 'UPDATED',
  import: importAt(1_000 + seq, { providerId }),
  previousStatus: 'RUNNING',
  eventId: `5000-${seq}`,
  occurredAt: new Date(5_000),
});

/** The log as pages after an id, as the store answers them. */
function logOf(changes: LoggedChange[], pageSize: number) {
  const reads: string[] = [];
  const readPage = (after: string) => {
    reads.push(after);
    const from = changes.findIndex((item) => item.eventId === after) + 1;
    return Promise.resolve(changes.slice(from, from + pageSize));
  };
  return { reads, readPage };
}

async function take(iterator: AsyncIterator<LoggedChange>, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++)
    ids.push(((await iterator.next()).value as LoggedChange).eventId);
  return ids;
}

describe('ReplayedChanges', () => {
  it('gives the log page by page, then the live queue without what the pages already gave', async () => {
    const log = [1, 2, 3, 4, 5].map((seq) => change(seq));
    const { reads, readPage } = logOf(log, 2);
    const live = new EventQueue<LoggedChange>(fixedBudget(10), () => undefined);
    // Heard live while the replay was read: 4 and 5 are in both.
    for (const seq of [4, 5, 6]) live.push(change(seq));
    const replay = new ReplayedChanges({
      after: '5000-0',
      firstPage: await readPage('5000-0'),
      pageSize: 2,
      readPage,
      matches: () => true,
      live,
    });
    expect(await take(replay, 6)).toEqual(['5000-1', '5000-2', '5000-3', '5000-4', '5000-5', '5000-6']);
    expect(reads).toEqual(['5000-0', '5000-2', '5000-4']);
    // A late copy of an event already given is dropped too.
    live.push(change(6));
    live.push(change(7));
    expect(await take(replay, 1)).toEqual(['5000-7']);
  });

  it('skips what the filter does not select, and moves past it in the log', async () => {
    const log = [change(1, 'A'), change(2, 'B'), change(3, 'A')];
    const { readPage } = logOf(log, 10);
    const live = new EventQueue<LoggedChange>(fixedBudget(10), () => undefined);
    live.push(change(4, 'A'));
    const replay = new ReplayedChanges({
      after: '5000-0',
      firstPage: await readPage('5000-0'),
      pageSize: 10,
      readPage,
      matches: (item) => item.import.providerId === 'A',
      live,
    });
    expect(await take(replay, 3)).toEqual(['5000-1', '5000-3', '5000-4']);
  });

  it('ends the live queue at once when returned while waiting on it', async () => {
    let closed = false;
    const live = new EventQueue<LoggedChange>(fixedBudget(10), () => (closed = true));
    const replay = new ReplayedChanges({
      after: '5000-0',
      firstPage: [],
      pageSize: 10,
      readPage: () => Promise.resolve([]),
      matches: () => true,
      live,
    });
    const waiting = replay.next();
    await replay.return();
    expect(closed).toBe(true);
    expect(await waiting).toEqual({ value: undefined, done: true });
  });
});
