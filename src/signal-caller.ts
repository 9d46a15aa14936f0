/**
 * The principal an operation runs for (`Principal.id`, src/principal.ts), attached to its
 * AbortSignal as the deadline is (src/deadline.ts). The vendor layer keeps per-caller state
 * (idempotency keys, rate-limit shares) but sees only the signal a request runs on, so the id
 * travels with it rather than through a global. A WeakMap, so the entry goes with the signal.
 */
const callers = new WeakMap<AbortSignal, string>();

/** Records that work on `signal` is done for the principal `id`; operation/deadline.ts sets it. */
export function setCallerOf(signal: AbortSignal, id: string): void {
  callers.set(signal, id);
}

/** The principal id recorded for `signal`, if any. */
export function callerOf(signal: AbortSignal | undefined): string | undefined {
  return signal && callers.get(signal);
}
