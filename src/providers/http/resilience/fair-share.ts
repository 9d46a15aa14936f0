/**
 * Fair use of one vendor budget between callers (docs/SECURITY.md, Fair use of vendor budgets).
 * Requests waiting for a slot are served round-robin by principal (src/signal-caller.ts), so a
 * caller who queued a hundred requests delays another caller's one by at most one slot; and a
 * caller is refused at once when it already has its share of what the budget has left before
 * the request's deadline queued, rather than holding slots it cannot use.
 */

/** The caller of work that runs for no client (live polls, webhooks): one principal of its own. */
export const GATEWAY_CALLER = 'gateway';

export interface QueuedRequest {
  readonly caller: string;
}

/**
 * `waiters` in the order they will be served: one of each caller in turn, each caller's own in
 * the order they came, starting with the caller after `lastServed` (callers ordered by their
 * first request still waiting).
 */
export function roundRobin<W extends QueuedRequest>(
  waiters: readonly W[],
  lastServed: string | undefined,
): W[] {
  const byCaller = new Map<string, W[]>();
  for (const waiter of waiters) {
    const own = byCaller.get(waiter.caller);
    if (own) own.push(waiter);
    else byCaller.set(waiter.caller, [waiter]);
  }
  if (byCaller.size < 2) return [...waiters];
  const callers = [...byCaller.keys()];
  const after = lastServed === undefined ? -1 : callers.indexOf(lastServed);
  const turns = [...callers.slice(after + 1), ...callers.slice(0, after + 1)].map((caller) =>
    byCaller.get(caller)!,
  );
  const order: W[] = [];
  for (let round = 0; order.length < waiters.length; round++) {
    for (const own of turns) if (round < own.length) order.push(own[round]!);
  }
  return order;
}

export interface ShareQuestion<W extends QueuedRequest> {
  waiters: readonly W[];
  caller: string;
  /** Requests the bucket can still send before the new request's deadline. */
  capacity: number;
}

/**
 * Whether `caller` may queue one more request: always when nobody else is waiting, else while
 * its requests waiting, this one included, are no more than an equal share of `capacity`
 * between the callers waiting (at least one each).
 */
export function withinShare<W extends QueuedRequest>(question: ShareQuestion<W>): boolean {
  const { waiters, caller, capacity } = question;
  const callers = new Set(waiters.map((waiter) => waiter.caller)).add(caller);
  if (callers.size < 2) return true;
  const share = Math.max(1, Math.floor(capacity / callers.size));
  const queued = waiters.filter((waiter) => waiter.caller === caller).length + 1;
  return queued <= share;
}
