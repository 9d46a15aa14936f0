import { describe, expect, it } from 'vitest';
import { EventQueue, fixedBudget } from '../../src/live/event-queue.ts';
import { ConnectionBudget } from '../../src/server/streaming/connection-budget.ts';

describe('EventQueue', () => {
  it('hands out events in order, then completes after end(), and closes once', async () => {
    let closed = 0;
    const queue = new EventQueue<number>(fixedBudget(10), () => (closed += 1));
    queue.push(1);
    queue.push(2);
    queue.end();
    queue.push(3);
    const seen: number[] = [];
    for await (const value of queue) seen.push(value);
    expect(seen).toEqual([1, 2]);
    expect(closed).toBe(1);
  });

  it('wakes a waiting reader at once', async () => {
    const queue = new EventQueue<string>(fixedBudget(1), () => {});
    const next = queue.next();
    queue.push('now');
    expect(await next).toEqual({ value: 'now', done: false });
  });

  it('drops the connection once its backlog is full, and stops that subscription', async () => {
    const overflows: number[] = [];
    const budget = new ConnectionBudget(3, (waiting) => overflows.push(waiting));
    let closed = false;
    const slow = new EventQueue<number>(budget, () => (closed = true));
    for (let value = 0; value < 10; value++) slow.push(value);
    expect(overflows).toEqual([3]);
    expect(closed).toBe(true);
    expect(await slow.next()).toEqual({ value: undefined, done: true });
    // Another subscription on the same (dropped) connection gets nothing queued either.
    const other = new EventQueue<number>(budget, () => {});
    other.push(1);
    expect(await other.next()).toEqual({ value: undefined, done: true });
  });

  it('gives the budget back as the client reads', async () => {
    const budget = new ConnectionBudget(2, () => {
      throw new Error('must not overflow');
    });
    const queue = new EventQueue<number>(budget, () => {});
    for (let value = 0; value < 20; value++) {
      queue.push(value);
      expect((await queue.next()).value).toBe(value);
    }
  });
});
