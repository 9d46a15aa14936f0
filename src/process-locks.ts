import { abortError } from './deadline.ts';

/**
 * Runs calls that share a name one after another within this process (the others queue in
 * order). Shared ledgers add a lock across instances on top (redis-creation-ledger.ts). A caller
 * whose `signal` aborts while it waits leaves the queue with an AbortError; those behind it still
 * wait for the calls ahead.
 */
const queues = new Map<string, Promise<void>>();

export async function inProcessLock<T>(
  name: string,
  run: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const ahead = queues.get(name) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const tail = ahead.then(() => mine);
  queues.set(name, tail);
  try {
    await turnOrAbort(ahead, signal);
    return await run();
  } finally {
    done();
    if (queues.get(name) === tail) queues.delete(name);
  }
}

function turnOrAbort(ahead: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return ahead;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const aborted = () => reject(abortError());
    signal.addEventListener('abort', aborted, { once: true });
    void ahead.then(() => {
      signal.removeEventListener('abort', aborted);
      resolve();
    });
  });
}
