import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { withRequestSignal } from '../../../src/providers/http/request-signal.ts';
import { deadlineOf, setDeadline } from '../../../src/deadline.ts';

describe('withRequestSignal', () => {
  it('gives each request its own signal: one listener on the operation, aborts and deadline passed on', async () => {
    const operation = new AbortController();
    setDeadline(operation.signal, 1_234);
    const seen: AbortSignal[] = [];
    const started = Array.from({ length: 50 }, () =>
      withRequestSignal(
        operation.signal,
        (own) =>
          new Promise<string>((resolve, reject) => {
            seen.push(own!);
            // What the transport does per request: listen on the signal it is given.
            own!.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
            if (seen.length === 1) resolve('first');
          }),
      ),
    );
    expect(await started[0]).toBe('first');
    expect(getEventListeners(operation.signal, 'abort')).toHaveLength(1);
    expect(new Set(seen).size).toBe(50);
    expect(seen.every((own) => deadlineOf(own) === 1_234)).toBe(true);
    operation.abort();
    const outcomes = await Promise.allSettled(started.slice(1));
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    // The request that had ended is left alone; the others were aborted with the operation.
    expect(seen.map((own) => own.aborted)).toEqual([false, ...seen.slice(1).map(() => true)]);
  });

  it('starts aborted when the operation already is, and runs without a signal when there is none', async () => {
    const operation = new AbortController();
    operation.abort();
    expect(await withRequestSignal(operation.signal, (own) => Promise.resolve(own?.aborted))).toBe(true);
    expect(await withRequestSignal(undefined, (own) => Promise.resolve(own))).toBeUndefined();
  });
});
