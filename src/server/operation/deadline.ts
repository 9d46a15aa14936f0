import { setMaxListeners } from 'node:events';
import { setDeadline } from '../../deadline.ts';
import { setCallerOf } from '../../signal-caller.ts';

/**
 * The one home of operation deadlines. Every execution, over any transport, runs on a signal
 * made here: it aborts `ms` after the start, when its parent does (a live connection closing),
 * or when the transport says the client went away (`abort`). The instant is recorded on the
 * signal (src/deadline.ts), so retries and rate-limit queues give up at once
 * instead of waiting for a slot that would come too late; vendor requests derive their own
 * signals from it (providers/http/request-signal.ts). A subscription as a whole has no deadline (it
 * lasts as long as the client wants): the set-up of its stream runs on the connection's signal,
 * and each of its events gets a deadline of its own.
 */
export interface OperationDeadline {
  readonly signal: AbortSignal;
  /**
   * For the vendor calls of a creation: aborted at the same instant as `signal`, and by nothing
   * else. A creation the vendor may already have made must reach its answer and be written down
   * (registry, idempotency ledger) whether or not its client is still there, and a shutdown
   * waits for it (docs/SECURITY.md, Creations run to their deadline). Made on first use.
   */
  readonly creationSignal: AbortSignal;
  /** Ends the operation now (the client went away, the server is closing). */
  abort(reason: Error): void;
  /** The work is done: stops the timer and lets go of the parent. */
  release(): void;
}

export interface OperationDeadlineOptions {
  /** Milliseconds from now (REQUEST_TIMEOUT_MS). */
  ms: number;
  /** A signal the deadline also hangs from, e.g. the connection's. */
  parent?: AbortSignal;
  /** The principal id the operation runs for (src/signal-caller.ts). */
  caller?: string;
}

export function startOperationDeadline(options: OperationDeadlineOptions): OperationDeadline {
  const controller = new AbortController();
  // One listener per nested vendor call would pass Node's default of 10 on a large page.
  setMaxListeners(0, controller.signal);
  const { parent, ms, caller } = options;
  const at = Date.now() + ms;
  const fromParent = () => controller.abort(parent?.reason);
  if (parent?.aborted) fromParent();
  else parent?.addEventListener('abort', fromParent, { once: true });
  const timer = setTimeout(() => controller.abort(new Error('deadline')), ms);
  timer.unref();
  setDeadline(controller.signal, at);
  if (caller !== undefined) setCallerOf(controller.signal, caller);
  let creation: AbortSignal | undefined;
  return {
    signal: controller.signal,
    get creationSignal() {
      creation ??= deadlineOnlySignal(at, caller);
      return creation;
    },
    abort: (reason) => controller.abort(reason),
    release: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', fromParent);
    },
  };
}

/** A signal that aborts at `at` only: neither `release` nor a client leaving stops its timer. */
function deadlineOnlySignal(at: number, caller: string | undefined): AbortSignal {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  setTimeout(() => controller.abort(new Error('deadline')), Math.max(0, at - Date.now())).unref();
  setDeadline(controller.signal, at);
  if (caller !== undefined) setCallerOf(controller.signal, caller);
  return controller.signal;
}

/**
 * The parent of an execution shared by many subscribers (operation/shared-execution.ts): one
 * subscriber leaving must not abort the others', so it hangs from its deadline only.
 */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;
