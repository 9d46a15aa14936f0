import { deadlineOf, setDeadline } from '../../deadline.ts';
import { callerOf, setCallerOf } from '../../signal-caller.ts';

/** Per operation signal: the requests running on it now, and its one abort listener. */
const fanOuts = new WeakMap<AbortSignal, Set<AbortController>>();

function fanOutOf(signal: AbortSignal): Set<AbortController> {
  let running = fanOuts.get(signal);
  if (!running) {
    const controllers = new Set<AbortController>();
    running = controllers;
    fanOuts.set(signal, controllers);
    signal.addEventListener(
      'abort',
      () => {
        for (const controller of controllers) controller.abort(signal.reason);
      },
      { once: true },
    );
  }
  return running;
}

/**
 * Runs one vendor request on a signal of its own, aborted with the operation's and carrying its
 * deadline and its caller. The transport adds an abort listener per request to the signal it is given (to
 * leave a shared in-flight request, to leave the rate-limit queue), so a list asking for the
 * messages of 50 imports would put 50 listeners on the operation's signal, past Node's warning
 * threshold of 10 (MaxListenersExceededWarning). With this the operation's signal holds one
 * listener however many requests run, and each request's signal a few, removed when it ends.
 */
export async function withRequestSignal<T>(
  signal: AbortSignal | undefined,
  run: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!signal) return run(undefined);
  const controller = new AbortController();
  const deadline = deadlineOf(signal);
  if (deadline !== undefined) setDeadline(controller.signal, deadline);
  const caller = callerOf(signal);
  if (caller !== undefined) setCallerOf(controller.signal, caller);
  if (signal.aborted) controller.abort(signal.reason);
  const running = fanOutOf(signal);
  running.add(controller);
  try {
    return await run(controller.signal);
  } finally {
    running.delete(controller);
  }
}
