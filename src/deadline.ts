import { setTimeout as delay } from 'node:timers/promises';

/**
 * The instant by which an operation must be answered, attached to its AbortSignal. A signal says
 * *that* time is up, not *when* it will be; retries and the rate-limit queue need the when, so
 * that they give up at once instead of waiting for a slot or a retry that would come too late.
 * A WeakMap, so the entry goes with the signal.
 */
const deadlines = new WeakMap<AbortSignal, number>();

/** Records that `signal` aborts at `at` (ms since the epoch); the HTTP server sets it per operation. */
export function setDeadline(signal: AbortSignal, at: number): void {
  deadlines.set(signal, at);
}

/** The deadline recorded for `signal`, if any. */
export function deadlineOf(signal: AbortSignal | undefined): number | undefined {
  return signal && deadlines.get(signal);
}

/** An abort in the shape undici throws, so every cancellation reads the same downstream. */
export function abortError(): Error {
  return Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
}

/** Waits `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw abortError();
  try {
    await delay(Math.max(0, ms), undefined, { signal });
  } catch {
    throw abortError();
  }
}
